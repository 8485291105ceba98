// Starts NHS.UK frontend's components. A file, not an inline script: the pages'
// Content-Security-Policy allows scripts from this site's own files only.
document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
const { initAll } = await import(document.documentElement.dataset.nhsukFrontend);
initAll();
