export declare const BANNER: string;
export declare function withBanner(text: string): string;
