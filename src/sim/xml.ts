// A tiny XML writer for the awsQuery responses the simulator sends (RDS, STS). Lists carry their member
// element name explicitly, because awsQuery wraps each list item in a name the API model chooses
// (<DBInstances><DBInstance>, <TagList><Tag>, <ReadReplicaDBInstanceIdentifiers><ReadReplicaDBInstanceIdentifier>).

export type XmlValue = string | number | boolean | Date | undefined | XmlList | XmlObject;
export interface XmlObject {
  [element: string]: XmlValue;
}

export class XmlList {
  constructor(
    readonly member: string,
    readonly items: readonly XmlValue[],
  ) {}
}

/** A list whose items are each wrapped in a <member> element of this name. */
export function list(member: string, items: readonly XmlValue[]): XmlList {
  return new XmlList(member, items);
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

function inner(value: XmlValue): string {
  if (value instanceof XmlList) return value.items.map((item) => element(value.member, item)).join('');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    return Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join('');
  }
  return escapeXml(String(value));
}

export function element(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  return `<${name}>${inner(value)}</${name}>`;
}

/** An awsQuery success document: <OpResponse xmlns><OpResult>…</OpResult><ResponseMetadata/></OpResponse>. */
export function queryResponse(
  operation: string,
  xmlns: string,
  result: XmlObject,
  requestId: string,
): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${xmlns}">` +
    element(`${operation}Result`, result) +
    element('ResponseMetadata', { RequestId: requestId }) +
    `</${operation}Response>`
  );
}

/** An awsQuery error document, as RDS and STS send it. */
export function queryError(code: string, message: string, xmlns: string, requestId: string): string {
  const type = code === 'InternalFailure' || code === 'ServiceUnavailable' ? 'Receiver' : 'Sender';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${xmlns}">` +
    element('Error', { Type: type, Code: code, Message: message }) +
    element('RequestId', requestId) +
    '</ErrorResponse>'
  );
}
