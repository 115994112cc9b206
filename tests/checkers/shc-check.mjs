// Checks a SMART Health Card with libraries nobody on the FairShot team wrote, and prints what they
// make of it as JSON. The input file is JSON: { jws, jwks, file?, png?, schemas? } where png is a
// base64 PNG and schemas the folder of the health-cards-dev-tools schemas.
//  - jose: compactVerify(jws) against the JWK set (the key the header's kid names), then the payload
//    raw-inflated with node's zlib (inflateRawSync);
//  - jsqr (with pngjs to read the PNG): the QR's text and the mode of each of its segments;
//  - ajv (draft-07): the file, the JWS, the payload, the JWK set, the bundle and each entry against
//    the dev tools' schemas, and the data-minimisation lists (patient-dm.json, immunization-dm.json).
// Usage: node shc-check.mjs FILE
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { compactVerify, createLocalJWKSet } from 'jose';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import Ajv from 'ajv';

const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const result = { verified: false, error: null, header: null, payload: null, qr: null, schema: null, minimisation: null };

try {
  const { payload, protectedHeader } = await compactVerify(input.jws, createLocalJWKSet(input.jwks));
  result.verified = true;
  result.header = protectedHeader;
  result.payload = zlib.inflateRawSync(Buffer.from(payload)).toString('utf8');
} catch (e) {
  result.error = `${e.code ?? e.name}: ${e.message}`;
}

if (input.png) {
  const png = PNG.sync.read(Buffer.from(input.png, 'base64'));
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  result.qr = code ? { text: code.data, segments: code.chunks.map(c => c.type), version: code.version } : { text: null, segments: [] };
}

if (input.schemas) {
  const load = name => JSON.parse(fs.readFileSync(path.join(input.schemas, name), 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const fhir = load('fhir-schema.json');
  ajv.addSchema(fhir);
  const check = (schema, value) => {
    const validate = typeof schema === 'string' ? ajv.getSchema(schema) : ajv.compile(schema);
    return validate(value) ? [] : validate.errors.map(e => `${e.instancePath} ${e.message}`);
  };
  const payload = result.payload ? JSON.parse(result.payload) : null;
  const bundle = payload?.vc?.credentialSubject?.fhirBundle;
  result.schema = {
    file: input.file ? check(load('smart-health-card-schema.json'), input.file) : null,
    jws: check(load('jws-schema.json'), input.jws),
    payload: payload ? check(load('smart-health-card-vc-schema.json'), payload) : ['no payload'],
    jwks: check(load('keyset-schema.json'), input.jwks),
    bundle: bundle ? check(fhir.$id, bundle) : ['no bundle'],
    entries: (bundle?.entry ?? []).flatMap(e => check({ $ref: `${fhir.$id}#/definitions/${e.resource.resourceType}` }, e.resource)
      .map(m => `${e.fullUrl}: ${m}`)),
  };
  // The data-minimisation lists: paths a Patient or Immunization on a card must not have.
  const present = (resource, dotted) => {
    let nodes = [resource];
    for (const part of dotted.split('.').slice(1)) {
      const name = part.replace('[x]', '');
      nodes = nodes.flatMap(n => Object.keys(n ?? {}).filter(k => part.endsWith('[x]') ? k.startsWith(name) : k === name)
        .flatMap(k => Array.isArray(n[k]) ? n[k] : [n[k]]));
    }
    return nodes.length > 0;
  };
  const lists = { Patient: load('patient-dm.json'), Immunization: load('immunization-dm.json') };
  result.minimisation = (bundle?.entry ?? []).flatMap(e => (lists[e.resource.resourceType]?.mustNotContain ?? [])
    .filter(m => present(e.resource, m.path)).map(m => `${e.fullUrl}: ${m.path}`));
}
console.log(JSON.stringify(result));
