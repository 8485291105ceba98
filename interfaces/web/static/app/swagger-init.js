// Starts Swagger UI on /docs with the schema address the page gives (no inline script).
// No deep links: Swagger UI puts them as links inside each operation's button, which a
// screen reader cannot reach (axe: nested-interactive) and a finger can hardly hit.
const root = document.getElementById("swagger-ui");
window.ui = SwaggerUIBundle({
  url: root.dataset.openapiUrl,
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: false,
  showExtensions: true,
  showCommonExtensions: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
