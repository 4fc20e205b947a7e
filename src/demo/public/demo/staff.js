// The staff page's ?lang=en and ?large=1, for the desk (an external script: the
// demo's static pages go out under a policy that allows no inline code).
const params = new URLSearchParams(location.search);
const desk = document.querySelector('dj-open-day-desk');
if (params.get('lang') === 'en') {
  document.documentElement.lang = 'en';
  desk.setAttribute('lang', 'en');
}
if (params.get('large') === '1') desk.setAttribute('large', '');
