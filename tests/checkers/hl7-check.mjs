// Reads one HL7 v2 message file and prints what two independent libraries make of it, as JSON:
//  - hl7v2 (panates): the message structure tree (groups such as ORDER and OBSERVATION), parsed
//    once leniently and once strictly (data types checked) on a copy whose time-zone offsets are
//    +0000, because its strict mode rejects negative offsets (a bug of its own);
//  - @medplum/core: fields read back by position (segment, field, component), as encoded;
//  - hl7v2 again: the same positions decoded (escapes undone).
// Usage: node hl7-check.mjs FILE [SEG-F.C ...]
import fs from 'node:fs';
import { HL7Message } from 'hl7v2';
import { Hl7Message as MedplumHl7 } from '@medplum/core';

const [file, ...paths] = process.argv.slice(2);
const text = fs.readFileSync(file, 'utf8');
const result = { structure: null, strictError: null, fields: {}, values: {} };

const show = n => (n.items ? { [n.name]: n.items.map(show) } : n.segmentType);
const lenient = HL7Message.parse(text);
result.structure = show(lenient.buildStructureTree());
try {
  HL7Message.parse(text.replace(/([0-9]{8,14}(?:\.[0-9]+)?)-([0-9]{4})/g, '$1+0000'), { strict: true });
} catch (e) {
  result.strictError = String(e.message ?? e);
}

const medplum = MedplumHl7.parse(text.replace(/\r\n?/g, '\r'));
for (const path of paths) {
  const [seg, field, component] = path.split(/[-.]/);
  const segments = medplum.getAllSegments(seg);
  result.fields[path] = segments.map(s => {
    const f = s.getField(Number(field));
    if (!f) return '';
    return component ? f.getComponent(Number(component)) : f.toString();
  });
}
// hl7v2's reading of the same positions: escape sequences decoded, data types applied (first sub-component).
for (const path of paths) {
  const [seg, field, component] = path.split(/[-.]/);
  const values = [];
  for (let s = lenient.getSegment(seg); s; s = lenient.getSegment(seg, s)) {
    const v = s.field(Number(field)).getValue(component ? Number(component) : undefined, 1);
    values.push(v instanceof Date ? v.toISOString() : v == null ? '' : String(v));
  }
  result.values[path] = values;
}
console.log(JSON.stringify(result));
