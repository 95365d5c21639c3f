// Types of junction-testing (index.mjs).
export declare const DEFAULT_ACCOUNT: string;
export declare const DEFAULT_REGION: string;

export declare class JunctionError extends Error {
  status: number;
  type: string;
  detail: string;
}

export interface FaultOptions {
  operation?: string;
  error?: string;
  message?: string;
  status?: number;
  count?: number;
  probability?: number;
  latencyMs?: number;
  account?: string;
  region?: string;
}

export interface JournalFilters {
  service?: string;
  operation?: string;
  status?: number | string;
  account?: string;
  region?: string;
  errorType?: string;
  faulted?: boolean;
  limit?: number;
}

export interface StateFilters {
  service?: string | string[];
  account?: string;
  region?: string;
}

export declare class Junction {
  constructor(endpoint?: string, options?: { adminToken?: string });
  endpoint: string;
  adminToken?: string;
  call(method: string, path: string, body?: unknown): Promise<any>;
  health(): Promise<any>;
  reset(filter?: StateFilters): Promise<any>;
  waitUntilHealthy(timeoutMs?: number): Promise<any>;
  clientConfig(options?: { account?: string; region?: string; [key: string]: unknown }): {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    [key: string]: unknown;
  };
  faults: {
    add(service: string, options?: FaultOptions): Promise<any>;
    list(): Promise<any[]>;
    get(id: string): Promise<any>;
    remove(id: string): Promise<void>;
    clear(): Promise<number>;
  };
  journal: {
    entries(filters?: JournalFilters): Promise<any[]>;
    operations(filters?: JournalFilters): Promise<(string | null)[]>;
    total(): Promise<number>;
    clear(): Promise<number>;
  };
  state: {
    export(filters?: StateFilters): Promise<any>;
    load(document: unknown): Promise<any>;
    rows(table: string, filters?: StateFilters): Promise<any[]>;
  };
}

export interface StartedJunction extends Junction {
  stop(): Promise<void>;
  output(): string;
}

export declare function findBinary(bin?: string): string;
export declare function startJunction(options?: {
  bin?: string;
  args?: string[];
  port?: number;
  timeoutMs?: number;
}): Promise<StartedJunction>;
export declare function useJunction(options: {
  before: (fn: () => Promise<void>) => void;
  after: (fn: () => Promise<void>) => void;
  beforeEach: (fn: () => Promise<void>) => void;
  bin?: string;
  args?: string[];
  endpoint?: string;
}): Junction;
