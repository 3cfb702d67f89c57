// Summarises V8 .heapsnapshot files (see `bench/run.mjs --heap-snapshot`): live objects
// grouped by kind and constructor (count, self size). Given a snapshot taken before the
// streams were opened and one with all streams idle, reports the difference per stream,
// plus the most common new strings by prefix (to tell what they hold).
// Usage: node bench/heap-summary.mjs <after.heapsnapshot> [before.heapsnapshot] [streams] [top]

import { readFileSync } from 'node:fs';
import path from 'node:path';

function groupHeap(file) {
  const snapshot = JSON.parse(readFileSync(file, 'utf8'));
  const meta = snapshot.snapshot.meta;
  const fields = meta.node_fields;
  const stride = fields.length;
  const typeIndex = fields.indexOf('type');
  const nameIndex = fields.indexOf('name');
  const sizeIndex = fields.indexOf('self_size');
  const types = meta.node_types[typeIndex];
  const { nodes, strings } = snapshot;
  const groups = new Map();
  const stringPrefixes = new Map();
  let total = 0;
  for (let i = 0; i < nodes.length; i += stride) {
    const type = types[nodes[i + typeIndex]];
    const size = nodes[i + sizeIndex];
    total += size;
    let name = type;
    if (type === 'object' || type === 'closure' || type === 'native' || type === 'hidden' || type === 'array') {
      const raw = strings[nodes[i + nameIndex]] ?? '';
      name = `${type}:${raw.length > 60 ? raw.slice(0, 60) + '…' : raw}`;
    } else if (type === 'string') {
      const text = strings[nodes[i + nameIndex]] ?? '';
      const prefix = text
        .slice(0, 32)
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f-]{4,}/g, '<uuid>')
        .replace(/\s+/g, ' ');
      let p = stringPrefixes.get(prefix);
      if (!p) {
        stringPrefixes.set(prefix, (p = { count: 0, size: 0 }));
      }
      p.count++;
      p.size += size;
    }
    let group = groups.get(name);
    if (!group) {
      groups.set(name, (group = { count: 0, size: 0 }));
    }
    group.count++;
    group.size += size;
  }
  return { total, groups, stringPrefixes };
}

function diff(after, before) {
  const out = new Map();
  for (const [key, a] of after) {
    const b = before?.get(key) ?? { count: 0, size: 0 };
    out.set(key, { count: a.count - b.count, size: a.size - b.size });
  }
  return out;
}

function rank(groups, streams, top) {
  return [...groups]
    .sort((a, b) => b[1].size - a[1].size)
    .slice(0, top)
    .map(([key, g]) => ({
      key,
      count: g.count,
      kb: Math.round(g.size / 1024),
      perStream: streams > 0 ? { count: Math.round((100 * g.count) / streams) / 100, bytes: Math.round(g.size / streams) } : undefined,
    }));
}

export function summariseHeap(afterFile, beforeFile, streams = 0, top = 30) {
  const after = groupHeap(afterFile);
  const before = beforeFile ? groupHeap(beforeFile) : undefined;
  const total = after.total - (before?.total ?? 0);
  return {
    file: afterFile,
    before: beforeFile,
    streams,
    totalKb: Math.round(total / 1024),
    perStreamKb: streams > 0 ? Math.round((10 * total) / 1024 / streams) / 10 : undefined,
    rows: rank(before ? diff(after.groups, before.groups) : after.groups, streams, top),
    strings: rank(before ? diff(after.stringPrefixes, before.stringPrefixes) : after.stringPrefixes, streams, 12),
  };
}

export function formatHeapSummary(summary) {
  const what = summary.before ? 'live heap added by the streams' : 'live heap (baseline included)';
  const lines = [
    `${path.basename(summary.file)}: ${summary.totalKb} KB ${what}${summary.streams ? `, ${summary.perStreamKb} KB per stream over ${summary.streams} streams` : ''}`,
  ];
  const row = (r) => {
    const per = r.perStream ? `   per stream: ${String(r.perStream.count).padStart(6)} × = ${String(r.perStream.bytes).padStart(6)} B` : '';
    return `  ${String(r.kb).padStart(8)} KB ${String(r.count).padStart(9)} ×  ${r.key}${per}`;
  };
  lines.push(...summary.rows.map(row));
  lines.push('  strings by prefix:');
  lines.push(...summary.strings.map((r) => row({ ...r, key: JSON.stringify(r.key) })));
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [after, before, streams = '0', top = '30'] = process.argv.slice(2);
  if (!after) {
    console.error('usage: node bench/heap-summary.mjs <after.heapsnapshot> [before.heapsnapshot|-] [streams] [top]');
    process.exit(2);
  }
  console.log(formatHeapSummary(summariseHeap(after, before && before !== '-' ? before : undefined, Number(streams), Number(top))));
}
