/**
 * What every widget's stories share: the attributes all dj- widgets take,
 * their controls and defaults, and the story description helper.
 */

/** The attributes every dj- widget takes, as story args. */
export interface SharedArgs {
  endpoint?: string;
  timeout?: number;
  large: boolean;
  /** '' leaves it to the provider. */
  theme: '' | 'light' | 'dark' | 'auto';
  /** '' leaves it to the page. */
  lang: '' | 'zh-CN' | 'en';
}

export const sharedArgs: SharedArgs = { endpoint: '', timeout: 10_000, large: false, theme: '', lang: '' };

export const sharedArgTypes = {
  timeout: { control: { type: 'number', min: 0, step: 500 } },
  large: { control: 'boolean' },
  theme: { control: 'inline-radio', options: ['', 'light', 'dark', 'auto'], labels: { '': '(from provider)' } },
  lang: { control: 'inline-radio', options: ['', 'zh-CN', 'en'], labels: { '': '(from page)' } },
} as const;

/** A story's description in the docs page. */
export const about = (story: string) => ({ docs: { description: { story } } });
