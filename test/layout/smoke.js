// The engines smoke page's own element: a button and a field in a shadow root,
// so the driver layer's deep selectors, clicks, typing and keys can be checked.
class SmokeBox extends HTMLElement {
  connectedCallback() {
    const root = this.attachShadow({ mode: 'open' });
    const button = document.createElement('button');
    button.className = 'primary';
    button.textContent = '出错';
    button.addEventListener('click', () => {
      this.dataset.clicks = String(Number(this.dataset.clicks || 0) + 1);
      input.setAttribute('style', 'color: red'); // a CSP violation, on purpose
      setTimeout(() => {
        throw new Error('smoke: clicked');
      });
    });
    const input = document.createElement('input');
    input.name = 'name';
    input.setAttribute('aria-label', '姓名');
    root.append(button, input);
  }
}
customElements.define('smoke-box', SmokeBox);
