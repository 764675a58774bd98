// Verifies the compact JWS of a certificate's QR code with `jose` against the key the DID
// document publishes under the JWS header's `kid` (a did:web verification method).
//
//   node verify_jws.mjs <jws> <did.json>
//
// Prints the claims (JSON) and exits 0 when the signature verifies; exits 1 otherwise.
import {readFileSync} from 'node:fs';

import * as jose from 'jose';

const [token, didPath] = process.argv.slice(2);
if(!token || !didPath) {
  console.error('usage: verify_jws.mjs <jws> <did.json>');
  process.exit(2);
}
const didDocument = JSON.parse(readFileSync(didPath, 'utf8'));

// A Multikey Ed25519 public key: "z" + base58btc(0xed 0x01 + 32 key bytes).
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58btcDecode(text) {
  let number = 0n;
  for(const char of text) {
    const index = ALPHABET.indexOf(char);
    if(index < 0) {
      throw new Error(`not base58btc: ${char}`);
    }
    number = number * 58n + BigInt(index);
  }
  const bytes = [];
  while(number > 0n) {
    bytes.unshift(Number(number % 256n));
    number /= 256n;
  }
  for(const char of text) {
    if(char !== '1') {
      break;
    }
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

try {
  const {kid} = jose.decodeProtectedHeader(token);
  const method = didDocument.verificationMethod.find(m => m.id === kid);
  if(!method || !didDocument.assertionMethod.includes(kid)) {
    throw new Error(`kid ${kid} is not an assertion key of ${didDocument.id}`);
  }
  const raw = base58btcDecode(method.publicKeyMultibase.slice(1));
  if(raw[0] !== 0xed || raw[1] !== 0x01 || raw.length !== 34) {
    throw new Error('not an Ed25519 Multikey');
  }
  const key = await jose.importJWK({
    kty: 'OKP', crv: 'Ed25519', x: jose.base64url.encode(raw.slice(2))
  }, 'EdDSA');
  const {payload} = await jose.compactVerify(token, key, {algorithms: ['EdDSA']});
  console.log(new TextDecoder().decode(payload));
  process.exit(0);
} catch(error) {
  console.error('NOT verified:', error.message);
  process.exit(1);
}
