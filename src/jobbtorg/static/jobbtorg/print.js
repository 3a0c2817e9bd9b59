// Buttons marked data-print open the browser's print dialogue. A file rather than an onclick
// attribute: the content security policy allows no inline script.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
});
