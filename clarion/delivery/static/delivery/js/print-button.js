// The signing sheet's Print button (no inline script: the admin's Content-Security-Policy forbids it).
document.querySelectorAll("[data-print]").forEach((button) => button.addEventListener("click", () => window.print()));
