// Save a file the page made (a data: URL) under a name, offline: the map and the gap map use it.
function download(name, href) {
  const link = document.createElement("a");
  link.download = name;
  link.href = href;
  document.body.appendChild(link);
  link.click();
  link.remove();
}
