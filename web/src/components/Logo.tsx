/** The 红链 mark: two linked rings on party red (or red on white, for red backgrounds). */
export function Logo({ size = 32, inverse = false }: { size?: number; inverse?: boolean }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" role="img" aria-label="红链标志">
      <rect width="64" height="64" rx="12" fill={inverse ? '#ffffff' : '#c8161d'} />
      <path
        d="M22 24a10 10 0 0 1 10-10h4a10 10 0 0 1 0 20h-2M42 40a10 10 0 0 1-10 10h-4a10 10 0 0 1 0-20h2"
        fill="none"
        stroke={inverse ? '#c8161d' : '#ffffff'}
        strokeWidth="6"
        strokeLinecap="round"
      />
    </svg>
  );
}
