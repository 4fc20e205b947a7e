import { createContext } from '@lit/context';

export type Theme = 'light' | 'dark' | 'auto';

/** What `<dj-provider>` hands down to the widgets inside it. */
export interface ProviderConfig {
  endpoint?: string;
  large: boolean;
  theme?: Theme;
}

export const providerContext = createContext<ProviderConfig | undefined>(Symbol.for('dj-provider'));
