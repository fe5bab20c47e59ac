/* Start Swagger UI from the package's own copy (no CDN); the spec URL comes from data-url. */
(function () {
  "use strict";
  var el = document.getElementById("swagger-ui");
  if (!el || !window.SwaggerUIBundle) { return; }
  window.SwaggerUIBundle({ url: el.getAttribute("data-url"), domNode: el, deepLinking: false });
})();
