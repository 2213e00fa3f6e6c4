// Stands in for @noble/ciphers/aes inside the command-line bundle: pdfkit imports it for
// encryption, which sahifa never asks for (PDF/A forbids it), and building its tables costs a
// whole run a few milliseconds.
function unused() {
  throw new Error("encryption is not bundled: sahifa writes unencrypted PDFs");
}
export const cbc = unused;
export const ecb = unused;
