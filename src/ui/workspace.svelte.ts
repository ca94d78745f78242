/**
 * The planner's workspace: the stored factories, the one open, and the actions on it. Reads
 * and writes go to the local store; nothing here needs a server.
 */
import { openDatabase, type FactoryRecord } from '../db/database';
import { FactoryRefusedError, exportFactory, importFactory, listFactories } from '../db/factoryStore';
import { generateDemoFactory } from '../demo/generator';
import type { Factory } from '../domain/types';
import type { ValidationError } from '../domain/validate';

export const DEMO_FACTORY_ID = 'demo-food-m';

export class Workspace {
  readonly db = openDatabase();
  status = $state<'loading' | 'ready' | 'failed'>('loading');
  failure = $state('');
  factories = $state<FactoryRecord[]>([]);
  factoryId = $state<string | undefined>();
  /** Raw: a large factory must not be turned into a deep reactive proxy. */
  factory = $state.raw<Factory | undefined>();
  storagePersisted = $state<boolean | undefined>();
  importErrors = $state.raw<{ file: string; errors: ValidationError[] } | undefined>();
  notice = $state('');

  async start(): Promise<void> {
    try {
      this.storagePersisted = await requestPersistentStorage();
      if ((await this.db.factories.count()) === 0) await this.loadDemo();
      this.factories = await listFactories(this.db);
      const preferred = localStorage.getItem('ponte.factory');
      await this.open(this.factories.find((record) => record.id === preferred)?.id ?? this.factories[0]?.id);
      this.status = 'ready';
    } catch (error) {
      this.failure = error instanceof Error ? error.message : String(error);
      this.status = 'failed';
    }
  }

  private async loadDemo(): Promise<void> {
    try {
      await importFactory(this.db, generateDemoFactory({ kind: 'food', size: 'M', seed: 1 }), { id: DEMO_FACTORY_ID });
    } catch (error) {
      // Another tab may have loaded it at the same moment; its copy is as good as ours.
      if (!(await this.db.factories.get(DEMO_FACTORY_ID))) throw error;
    }
  }

  /** After a factory was stored elsewhere (a corrected version): the picker lists it. */
  async reloadFactories(): Promise<void> {
    this.factories = await listFactories(this.db);
  }

  async open(id: string | undefined): Promise<void> {
    this.factoryId = id;
    this.factory = id === undefined ? undefined : await exportFactory(this.db, id);
    if (id !== undefined) localStorage.setItem('ponte.factory', id);
  }

  /** Imports a file chosen by the planner; a refused file leaves the store untouched. */
  async importFile(file: File): Promise<void> {
    this.importErrors = undefined;
    this.notice = '';
    try {
      const id = await importFactory(this.db, await file.text());
      this.factories = await listFactories(this.db);
      await this.open(id);
      this.notice = `Imported ${file.name}.`;
    } catch (error) {
      if (error instanceof FactoryRefusedError) this.importErrors = { file: file.name, errors: error.errors };
      else this.importErrors = { file: file.name, errors: [{ path: '', message: error instanceof Error ? error.message : String(error) }] };
    }
  }

  async exportCurrent(): Promise<{ fileName: string; json: string } | undefined> {
    if (this.factoryId === undefined) return undefined;
    const factory = await exportFactory(this.db, this.factoryId);
    const fileName = `${factory.name.replace(/[^\w.-]+/g, '-').replace(/-+/g, '-').toLowerCase()}.json`;
    return { fileName, json: `${JSON.stringify(factory, null, 1)}\n` };
  }
}

async function requestPersistentStorage(): Promise<boolean | undefined> {
  if (!navigator.storage?.persist) return undefined;
  // Browsers may evict IndexedDB under pressure unless storage is persistent; ask once.
  return (await navigator.storage.persisted()) || navigator.storage.persist();
}
