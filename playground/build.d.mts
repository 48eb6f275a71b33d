/** Types of build.mjs, for the browser test. */
export declare const DIST: string;
export declare function buildPlayground(o?: { quiet?: boolean }): Promise<string>;
