/*
 * Records what goes wrong in a test page into window.__djErrors, the same way
 * in every engine (classic WebDriver, which drives WebKit, has no console
 * log). Include it as the page's first script, from its own file so a strict
 * CSP allows it: <script src="/test/support/record-errors.js"></script>.
 * test/support/engines.mjs reads the list with page.errors().
 */
(function () {
  if (Array.isArray(window.__djErrors)) return;
  var errors = (window.__djErrors = []);
  var text = function (v) {
    if (v && v.stack) return String(v.message || v) + '\n' + String(v.stack).split('\n').slice(0, 3).join('\n');
    try {
      return typeof v === 'string' ? v : JSON.stringify(v);
    } catch (e) {
      return String(v);
    }
  };
  window.addEventListener('error', function (e) {
    errors.push('page error: ' + (e.error ? text(e.error) : e.message + ' at ' + e.filename + ':' + e.lineno));
  });
  window.addEventListener('unhandledrejection', function (e) {
    errors.push('unhandled rejection: ' + text(e.reason));
  });
  document.addEventListener('securitypolicyviolation', function (e) {
    errors.push(
      'CSP violation: ' +
        e.violatedDirective +
        ' blocked ' +
        (e.blockedURI || 'inline') +
        (e.sourceFile ? ' at ' + e.sourceFile + ':' + e.lineNumber : '') +
        (e.sample ? ' (' + e.sample + ')' : ''),
    );
  });
  var original = console.error;
  console.error = function () {
    errors.push('console.error: ' + Array.prototype.map.call(arguments, text).join(' '));
    return original.apply(console, arguments);
  };
})();
