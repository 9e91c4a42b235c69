// Starts the viewer on the document named by #swagger-ui's data-url. It is
// a file, not an inline script, because the page's Content-Security-Policy
// allows scripts from this server only.
"use strict";
(function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.url,
    domNode: root,
    deepLinking: true,
    // The default would fetch a badge from the public validator: nothing
    // on this page may leave the server.
    validatorUrl: null,
  });
})();
