import { App, type FormInstance } from 'antd';
import { useCallback, useState } from 'react';
import { ApiError, errorMessage } from '../api/client';

/**
 * antd's message and modal bound to the app's theme and locale, and `showError`, which puts a
 * server problem in front of the user: its detail (or title) as a message, its field errors
 * under the form's fields.
 */
export function useFeedback() {
  const { message, modal, notification } = App.useApp();

  const showError = useCallback(
    (error: unknown, form?: FormInstance) => {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      if (error instanceof ApiError && form && error.fieldErrors.length > 0) {
        form.setFields(
          error.fieldErrors.map((e) => ({
            // "attributes.0.code" → ['attributes', 0, 'code'], as Form.List names its rows
            name: e.field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
            errors: [e.message],
          })),
        );
      }
      message.error(errorMessage(error));
    },
    [message],
  );

  return { message, modal, notification, showError };
}

/**
 * The form's values, or `null` when a field is wrong: antd already shows the field's message, and its
 * `validateFields()` rejection must not escape an `onOk` handler as an uncaught page error.
 */
// biome-ignore lint/suspicious/noExplicitAny: untyped like the Form.useForm() instances it reads
export async function validValues<T = Record<string, any>>(form: FormInstance): Promise<T | null> {
  try {
    return (await form.validateFields()) as T;
  } catch (error) {
    if (error && typeof error === 'object' && 'errorFields' in error) return null;
    throw error;
  }
}

/**
 * A form's save: `saving` while `work` runs, its error shown on the form's fields (or as a message),
 * never thrown on. One place for what every create and edit dialog does around its request.
 */
export function useSave(form?: FormInstance) {
  const { message, showError } = useFeedback();
  const [saving, setSaving] = useState(false);
  const save = useCallback(
    async (work: () => Promise<void>) => {
      setSaving(true);
      try {
        await work();
      } catch (error) {
        showError(error, form);
      } finally {
        setSaving(false);
      }
    },
    [form, showError],
  );
  return { saving, save, message };
}
