// Stands in for png-js inside the command-line bundle: pdfkit imports it for PNG images,
// which sahifa never places.
export default class PNG {
  constructor() {
    throw new Error("PNG images are not bundled: sahifa places no images");
  }
}
