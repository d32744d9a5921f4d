// Minimal types for the part of cli-progress 3.12 used here (the package ships none).
declare module "cli-progress" {
  export interface Options {
    format?: string;
    hideCursor?: boolean;
    clearOnComplete?: boolean;
    stopOnComplete?: boolean;
    noTTYOutput?: boolean;
    notTTYSchedule?: number;
    etaBuffer?: number;
  }
  export class SingleBar {
    constructor(opt: Options, preset?: object);
    start(total: number, start: number, payload?: object): void;
    update(current: number, payload?: object): void;
    stop(): void;
  }
  export const Presets: { shades_classic: object; rect: object; legacy: object };
}
