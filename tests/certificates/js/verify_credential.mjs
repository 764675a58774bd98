// Verifies an Open Badges 3.0 credential with Digital Bazaar's VC library and its
// eddsa-rdfc-2022 cryptosuite, offline: JSON-LD contexts come only from the project's
// certificates/credentials/contexts (listed in its index.json) and the DID document from a
// file; any other URL is refused.
//
//   node verify_credential.mjs <credential.json> <did.json> <contexts-dir>
//
// Exit 0 when the credential verifies, 1 when it does not (the reason on stderr), 2 on misuse.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

const [credentialPath, didPath, contextsDir] = process.argv.slice(2);
if(!credentialPath || !didPath || !contextsDir) {
  console.error('usage: verify_credential.mjs <credential.json> <did.json> <contexts-dir>');
  process.exit(2);
}
const readJson = path => JSON.parse(readFileSync(path, 'utf8'));
const credential = readJson(credentialPath);
const didDocument = readJson(didPath);

const documents = new Map();
for(const [url, file] of Object.entries(readJson(join(contextsDir, 'index.json')))) {
  documents.set(url, readJson(join(contextsDir, file)));
}
documents.set(didDocument.id, didDocument);
for(const method of didDocument.verificationMethod) {
  documents.set(method.id, {
    '@context': 'https://w3id.org/security/multikey/v1',
    ...method
  });
}

const documentLoader = async url => {
  if(!documents.has(url)) {
    throw new Error(`Refusing to load ${url}: not shipped with the project`);
  }
  return {contextUrl: null, documentUrl: url, document: documents.get(url)};
};

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
const result = await vc.verifyCredential({credential, suite, documentLoader});
if(result.verified) {
  console.log('verified');
  process.exit(0);
}
const errors = [result.error, ...(result.results || []).map(r => r.error)]
  .filter(Boolean)
  .flatMap(error => error.errors || [error]);
console.error('NOT verified:', errors.map(error => error.message || String(error)).join('; '));
process.exit(1);
