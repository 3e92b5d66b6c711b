-- Citations (issue 9 §3): what each rule cites, corrected where it was wrong, and marked "[待核]" wherever
-- the article number is not confirmed. Uncertain numbers are never presented as certain: a user sees
-- "[待核]" in every message and reminder that cites them, and the API flags them (`uncertain`).
-- Sources are read through public reprints (RULES.md); docs/RULES.md lists what each reading rests on.

-- O6: the articles of the 支部工作条例 that set each meeting's frequency (第四章 工作机制: 第十一条
-- 支部党员大会 每季度, 第十二条 支部委员会会议 每月, 第十三条 党小组会 每月, as reprinted article by
-- article by 共产党员网; 第五章 组织生活: 党课 and 主题党日, whose article numbers reprints disagree on).
-- It cited 第十九条, which sits elsewhere. And 党小组会 (monthly) was never checked: its parameter was null.
-- A branch has party groups only where it set them up (第十三条); the platform keeps no register of
-- groups, so a branch is checked for a monthly 党小组会 from the month of the first one it recorded as
-- held; a region may also require it of every branch with at least `groupFromMembers` members (0: off).
update compliance_rules set
  article = '第十一条（支部党员大会）、第十二条（支部委员会会议）、第十三条（党小组会）；第五章（组织生活）第十六条（党课、主题党日）[待核]',
  description = '支部党员大会一般每季度1次（第十一条），支部委员会会议一般每月1次（第十二条），党小组会一般每月1次（第十三条；自支部登记第一次党小组会的当月起检查，地方可规定党员达到一定人数的支部一律检查），主题党日每月1次，党课每年至少1次（各地可规定每季度）。期间结束仍未召开的，形成问题。',
  params = params || '{"group":"month","groupFromMembers":0}'::jsonb
where code = 'O6' and version = 1;

-- O7: 组织生活会 and 民主评议党员 are in 第五章（组织生活）; the numbers 第二十条、第二十一条 fall in
-- 第六章 (党支部委员会建设) by the reprints above, so they are not cited as certain.
update compliance_rules set article = '第五章（组织生活）[条款号待核]'
where code = 'O7' and version = 1;

-- O8: "静默支部" is a regional practice, not an article of the 条例.
update compliance_rules set article = '（各地规范性要求，条例无对应条款）[待核]'
where code = 'O8' and version = 1;

-- O5: terms sit in the 条例's 第六章（党支部委员会建设）(one reprint numbers it 第二十一条), with 党章 第三十一条
-- (基层委员会、总支部委员会、支部委员会每届任期三年至五年) and the 2018 意见 on the terms of grassroots
-- organizations (村、社区 5 years).
update compliance_rules set
  source = '《中国共产党支部工作条例（试行）》（2018）、《中国共产党章程》、《关于党的基层组织任期的意见》（2018）',
  article = '支部工作条例第六章（党支部委员会建设）第二十一条[待核]；党章第三十一条；任期意见第一条'
where code = 'O5' and version = 1;

-- the rest keep their numbers, with the mark users can read
update compliance_rules set article = replace(article, '[?]', '[待核]') where article like '%[?]%';
