/**
 * The booking form's fields after GOV.UK Frontend's components, as template
 * functions: text input, radios, checkboxes, hint, inline error and the error
 * summary. A field's label, hint and error are rendered beside it, in the
 * same shadow root, so aria-describedby reaches them; a field's id comes from
 * its path in the request body ({@link fid}), so the summary can link to it.
 */
import { html, nothing } from 'lit';
import { zh } from '../../core/element.js';
import { describeFieldError } from '../../contract/booking.rules.js';
import { fid, PAIR, type Shown } from './booking.flow.js';

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** What every field needs: the words in the reader's language, and the errors on screen. */
export interface Fields {
  t: Translate;
  errors: readonly Shown[];
}

export interface Choice {
  value: string;
  label: unknown;
  hint: unknown;
  disabled?: boolean;
}

export interface InputOptions {
  hint?: string;
  type?: string;
  autocomplete?: string;
  inputmode?: string;
  /** Capitals on: ID numbers and codes. */
  caps?: boolean;
  /** Width class: `short` or `medium`. */
  size?: string;
  multiline?: boolean;
  /** One of a pair that can be wrong together ({@link PAIR}): described by and marked with the pair's error. */
  pair?: boolean;
}

/** The error summary links to the field; a pair's error to the first of the two. */
const linkOf = (field: string) => fid(field === PAIR ? 'code' : field);

export const errorOf = (f: Fields, field: string): Shown | undefined => f.errors.find((e) => e.field === field);

/** The form's own words for an error it knows (in the reader's language), else the server's. */
const errorText = (t: Translate, e: Shown): unknown => {
  const text = describeFieldError(e, t);
  return e.text && /booking\.error|\{/.test(text) ? zh(e.text) : text;
};

/** Hint text under a label; `id` when a field is described by it. */
export const hint = (text: unknown, id?: string) => html`<p class="hint" id=${id ?? nothing}>${text}</p>`;

/** The error above a field, after a visually hidden “Error:” for screen readers. */
export const inlineError = (f: Fields, id: string, error?: Shown) =>
  error
    ? html`<p class="error" id="${id}-error"><span class="visually-hidden">${f.t('booking.errorPrefix')}</span>${errorText(f.t, error)}</p>`
    : nothing;

/** “There is a problem”: every error on screen, each a link that focuses its field. */
export function errorSummary(f: Fields, level: number) {
  if (!f.errors.length) return nothing;
  return html`<div id="summary" class="summary" part="error-summary" tabindex="-1">
    <div role="alert">
      <div class="summary-title" role="heading" aria-level=${Math.min(6, level + 1)}>${f.t('booking.summary')}</div>
      <ul>
        ${f.errors.map(
          (e) => html`<li>
            <a
              href="#${linkOf(e.field)}"
              @click=${(event: Event) => {
                event.preventDefault();
                ((event.currentTarget as Element).getRootNode() as ParentNode).querySelector<HTMLElement>(`#${linkOf(e.field)}`)?.focus();
              }}
              >${errorText(f.t, e)}</a
            >
          </li>`,
        )}
      </ul>
    </div>
  </div>`;
}

/**
 * A labelled text field with its hint and error. ID numbers and codes take
 * the text keyboard (a number pad has no X) with capitals on.
 */
export function input(f: Fields, field: string, label: string, value: string, set: (value: string) => void, o: InputOptions = {}) {
  const id = fid(field);
  const error = errorOf(f, field);
  const pairError = o.pair && errorOf(f, PAIR);
  const described =
    [o.hint ? `${id}-hint` : '', error ? `${id}-error` : '', pairError ? `${fid(PAIR)}-error` : ''].join(' ').trim() || nothing;
  const onInput = (e: Event) => set((e.target as HTMLInputElement).value);
  return html`<div class="group ${error ? 'invalid' : ''}">
    <label class="label" for=${id}>${label}</label>
    ${o.hint ? hint(o.hint, `${id}-hint`) : nothing} ${inlineError(f, id, error)}
    ${
      o.multiline
        ? html`<textarea class="input" id=${id} rows="3" inputmode="text" .value=${value} aria-describedby=${described} @input=${onInput}></textarea>`
        : html`<input
          class="input ${o.size ?? ''}"
          id=${id}
          type=${o.type ?? 'text'}
          .value=${value}
          autocomplete=${o.autocomplete ?? 'off'}
          inputmode=${o.inputmode ?? 'text'}
          autocapitalize=${o.caps ? 'characters' : nothing}
          spellcheck="false"
          aria-describedby=${described}
          aria-invalid=${error || pairError ? 'true' : 'false'}
          @input=${onInput}
        />`
    }
  </div>`;
}

/** A radio group; the first choice that can be picked carries the field's id, for the summary's link. */
export function radios(
  f: Fields,
  field: string,
  legend: string,
  options: Choice[],
  value: string,
  set: (value: string) => void,
  about: unknown = nothing,
) {
  const id = fid(field);
  const error = errorOf(f, field);
  const first = Math.max(
    0,
    options.findIndex((o) => !o.disabled),
  );
  const described = [about === nothing ? '' : `${id}-about`, error ? `${id}-error` : ''].join(' ').trim() || nothing;
  return html`<fieldset class="group ${error ? 'invalid' : ''}" aria-describedby=${described}>
    <legend class="label">${legend}</legend>
    ${about === nothing ? nothing : html`<div id="${id}-about">${about}</div>`} ${inlineError(f, id, error)}
    ${options.map((o, i) => {
      const oid = i === first ? id : `${id}-${i}`;
      return html`<div class="choice">
        <input type="radio" id=${oid} name=${field} .checked=${o.value === value} ?disabled=${o.disabled} aria-describedby="${oid}-hint" @change=${() => set(o.value)} />
        <label for=${oid}><span>${o.label}</span></label>
        <span class="hint" id="${oid}-hint">${o.hint}</span>
      </div>`;
    })}
  </fieldset>`;
}

/** One checkbox with its error. */
export function checkbox(f: Fields, field: string, label: string, checked: boolean, set: (checked: boolean) => void) {
  const id = fid(field);
  const error = errorOf(f, field);
  return html`<div class="group ${error ? 'invalid' : ''}">
    ${inlineError(f, id, error)}
    <div class="choice">
      <input
        type="checkbox"
        id=${id}
        .checked=${checked}
        aria-describedby=${error ? `${id}-error` : nothing}
        aria-invalid=${error ? 'true' : 'false'}
        @change=${(e: Event) => set((e.target as HTMLInputElement).checked)}
      />
      <label for=${id}><span>${label}</span></label>
    </div>
  </div>`;
}
