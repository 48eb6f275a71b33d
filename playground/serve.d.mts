/** Types of serve.mjs, for the browser test. */
import type { Server } from 'node:http';
export declare function serve(dir: string, port?: number, host?: string): Promise<Server>;
export declare function fileFor(dir: string, url: string | undefined): string | undefined;
