// Stands in for tiny-inflate (a DEFLATE decoder in JavaScript) inside the command-line bundle:
// unicode-trie uses it to unpack linebreak's Unicode tables at start-up, which Node's own zlib
// does many times faster. Same contract: fill `dest` from raw DEFLATE `source` and return the
// filled part. CommonJS, as unicode-trie requires it.
const { inflateRawSync } = require("node:zlib");

module.exports = function inflate(source, dest) {
  const out = inflateRawSync(source);
  if (out.length > dest.length) {
    throw new Error(`tiny-inflate stand-in: ${out.length} bytes, room for ${dest.length}`);
  }
  dest.set(out);
  return out.length < dest.length ? dest.slice(0, out.length) : dest;
};
