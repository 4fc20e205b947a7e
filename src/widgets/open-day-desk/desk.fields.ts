/**
 * The desk's form fields, in the booking form's GOV.UK shapes (booking.fields.ts): a label,
 * a hint, the error above the field after a hidden “Error:”, and an error summary whose links
 * focus each field. A field's id comes from its path in the staff API's body ({@link fid}), so
 * the server's `errors[].field` finds it.
 */
import { html, nothing } from 'lit';
import { fid, type Shown, type Translate } from './desk.form.js';

export interface FieldOptions {
  hint?: string;
  type?: string;
  inputmode?: string;
  /** Width class: `short` or `medium`. */
  size?: string;
  multiline?: boolean;
  /** Id prefix, for forms that share a view (a session's row: `s-<id>`). */
  prefix?: string;
  autocomplete?: string;
  required?: boolean;
}

export const errorOf = (errors: readonly Shown[], field: string) => errors.find((e) => e.field === field);

export const inlineError = (t: Translate, id: string, error?: Shown) =>
  error
    ? html`<p class="error" id="${id}-error"><span class="visually-hidden">${t('desk.form.errorPrefix')}</span>${error.text}</p>`
    : nothing;

/** “There is a problem”, each error a link that focuses its field. */
export function errorSummary(t: Translate, errors: readonly Shown[], level: number, prefix = 'f', id = 'summary') {
  if (!errors.length) return nothing;
  const target = (field: string) => (field === 'sessions' ? 'add-session' : fid(field, prefix));
  return html`<div id=${id} class="summary" part="error-summary" tabindex="-1">
    <div role="alert">
      <div class="summary-title" role="heading" aria-level=${Math.min(6, level)}>${t('desk.form.summary')}</div>
      <ul>
        ${errors.map(
          (e) =>
            html`<li>
              <a
                href="#${target(e.field)}"
                @click=${(event: Event) => {
                  event.preventDefault();
                  ((event.currentTarget as Element).getRootNode() as ParentNode).querySelector<HTMLElement>(`#${target(e.field)}`)?.focus();
                }}
                >${e.text}</a
              >
            </li>`,
        )}
      </ul>
    </div>
  </div>`;
}

/** A labelled text field (or text area) with its hint and error. */
export function input(
  t: Translate,
  errors: readonly Shown[],
  field: string,
  label: string,
  value: string,
  set: (value: string) => void,
  o: FieldOptions = {},
) {
  const id = fid(field, o.prefix);
  const error = errorOf(errors, field);
  const described = [o.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].join(' ').trim() || nothing;
  const onInput = (e: Event) => set((e.target as HTMLInputElement).value);
  return html`<div class="group ${error ? 'invalid' : ''} ${o.size ?? ''}">
    <label class="label" for=${id}>${label}</label>
    ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : nothing} ${inlineError(t, id, error)}
    ${
      o.multiline
        ? html`<textarea
          class="input"
          id=${id}
          rows="3"
          .value=${value}
          aria-describedby=${described}
          aria-invalid=${error ? 'true' : 'false'}
          @input=${onInput}
        ></textarea>`
        : html`<input
          class="input"
          id=${id}
          type=${o.type ?? 'text'}
          .value=${value}
          autocomplete=${o.autocomplete ?? 'off'}
          inputmode=${o.inputmode ?? nothing}
          spellcheck="false"
          ?required=${o.required}
          aria-describedby=${described}
          aria-invalid=${error ? 'true' : 'false'}
          @input=${onInput}
        />`
    }
  </div>`;
}

/** One checkbox with its error. */
export function checkbox(
  t: Translate,
  errors: readonly Shown[],
  field: string,
  label: string,
  checked: boolean,
  set: (v: boolean) => void,
) {
  const id = fid(field);
  const error = errorOf(errors, field);
  return html`<div class="group ${error ? 'invalid' : ''}">
    ${inlineError(t, id, error)}
    <div class="choice">
      <input
        type="checkbox"
        id=${id}
        .checked=${checked}
        aria-describedby=${error ? `${id}-error` : nothing}
        aria-invalid=${error ? 'true' : 'false'}
        @change=${(e: Event) => set((e.target as HTMLInputElement).checked)}
      />
      <label for=${id}>${label}</label>
    </div>
  </div>`;
}
