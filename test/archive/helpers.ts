// Fixture archives for the archive and server tests: test/fixtures/archive copied into a fresh folder store.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FsBlobStore } from '../../functions/adapters/fs-blob-store.js';
import type { BlobStore } from '../../functions/ports.js';

export const FIXTURES = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', 'fixtures', 'archive');

export const DIGESTS = [
  { name: 'world', title: 'World Figures' },
  { name: 'markets', title: 'Markets' },
];
export const NOW = new Date('2025-03-05T08:00:00Z');
export const BASE = 'https://archive.example.org/tally/';

const roots: string[] = [];

export async function fixtureStore(): Promise<FsBlobStore> {
  const root = await mkdtemp(join(tmpdir(), 'tally-archive-'));
  roots.push(root);
  await cp(FIXTURES, root, { recursive: true });
  return new FsBlobStore(root);
}

export async function emptyStore(): Promise<FsBlobStore> {
  const root = await mkdtemp(join(tmpdir(), 'tally-archive-'));
  roots.push(root);
  return new FsBlobStore(root);
}

export async function removeStores(): Promise<void> {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
}

export async function text(store: BlobStore, key: string): Promise<string> {
  const blob = await store.get(key);
  if (blob === undefined) throw new Error(`no object ${key}`);
  return blob.body.toString('utf8');
}

export async function json(store: BlobStore, key: string): Promise<unknown> {
  return JSON.parse(await text(store, key));
}
