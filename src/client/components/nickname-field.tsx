import { t } from '../i18n/translate.js';

/** The nickname a dialog is about (invite someone, start a conversation); focused when the dialog opens. */
export function NicknameField({ value, onInput }: { value: string; onInput: (value: string) => void }) {
  return (
    <label>
      {t('common.nickname')}
      <input
        name="nickname"
        data-autofocus
        required
        autocomplete="off"
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
    </label>
  );
}
