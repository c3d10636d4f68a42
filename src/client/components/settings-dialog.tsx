import { useState } from 'preact/hooks';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../i18n/language.js';
import { currentLanguage, type MessageKey, t } from '../i18n/translate.js';
import { chooseTheme, THEME_CHOICES, type ThemeChoice, themeChoice } from '../theme.js';
import { useSession } from '../use-chat.js';
import { Modal } from './modal.js';
import { NotificationSettings } from './notification-settings.js';

const THEME_KEYS: Record<ThemeChoice, MessageKey> = {
  system: 'settings.themeSystem',
  light: 'settings.themeLight',
  dark: 'settings.themeDark',
};

/** The language picker, also on the sign-in page. Changing it re-renders the page in that language and is remembered. */
export function LanguagePicker() {
  const session = useSession();
  return (
    <label class="picker">
      {t('settings.language')}
      <select value={currentLanguage()} onChange={(event) => session.chooseLanguage(event.currentTarget.value as Language)}>
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {LANGUAGE_NAMES[language]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Language and theme (light, dark, or as the system says), both remembered by this browser. */
export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const [theme, setTheme] = useState(themeChoice());
  return (
    <Modal title={t('settings.title')} onClose={onClose}>
      <div class="modal-form">
        <LanguagePicker />
        <fieldset class="choice">
          <legend>{t('settings.theme')}</legend>
          {THEME_CHOICES.map((choice) => (
            <label key={choice}>
              <input
                type="radio"
                name="theme"
                value={choice}
                checked={theme === choice}
                onChange={() => {
                  setTheme(choice);
                  chooseTheme(choice);
                }}
              />
              <span>{t(THEME_KEYS[choice])}</span>
            </label>
          ))}
        </fieldset>
        <NotificationSettings />
      </div>
    </Modal>
  );
}
