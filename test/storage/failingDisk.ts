import { SimDisk } from '../../src/storage/disk/SimDisk';

export class PowerLoss extends Error {}

/** A disk that loses power before its `budget`-th mutating operation: every point of a write sequence. */
export class FailingDisk extends SimDisk {
  constructor(public budget: number) {
    super({ chunkBytes: 64 });
  }
  private tick(): void {
    if (this.budget-- <= 0) throw new PowerLoss();
  }
  override append(p: string, b: Uint8Array): number {
    this.tick();
    return super.append(p, b);
  }
  override write(p: string, o: number, b: Uint8Array): void {
    this.tick();
    super.write(p, o, b);
  }
  override writeFile(p: string, b: Uint8Array): void {
    this.tick();
    super.writeFile(p, b);
  }
  override truncate(p: string, s: number): void {
    this.tick();
    super.truncate(p, s);
  }
  override fsync(p: string): void {
    this.tick();
    super.fsync(p);
  }
  override delete(p: string): void {
    this.tick();
    super.delete(p);
  }
  override rename(a: string, b: string): void {
    this.tick();
    super.rename(a, b);
  }
}
