// Stands in for fontkit inside the command-line bundle, where only pdfkit imports it statically:
// sahifa embeds fonts itself, so pdfkit never opens one, and the CLI does not pay fontkit's
// import. sahifa's own fontkit use (CFF subsetting) loads the real package at run time.
export function create() {
  throw new Error("fontkit is not bundled: sahifa embeds fonts itself");
}
