import * as fs from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";

/**
 * The regular files of a gzipped tar (a Helm chart archive), path -> content. Reads ustar, pax (`x` path records)
 * and GNU long names, which is what `helm package` and `tar` write; links and directories are skipped.
 */
export function readTarGz(archive: string | Buffer): Map<string, Buffer> {
    const data = gunzipSync(typeof archive === "string" ? fs.readFileSync(archive) : archive);
    const files = new Map<string, Buffer>();
    const text = (start: number, length: number) =>
        data
            .subarray(start, start + length)
            .toString("utf8")
            .replace(/\0.*$/s, "");
    let offset = 0;
    let longName: string | undefined;
    while (offset + 512 <= data.length) {
        const header = data.subarray(offset, offset + 512);
        if (header.every((b) => b === 0)) break;
        const size = parseInt(text(offset + 124, 12).trim() || "0", 8);
        const type = String.fromCharCode(header[156] || 48);
        const prefix = text(offset + 345, 155);
        const name = longName ?? (prefix ? `${prefix}/${text(offset, 100)}` : text(offset, 100));
        const body = data.subarray(offset + 512, offset + 512 + size);
        longName = undefined;
        if (type === "x") {
            const match = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString("utf8"));
            longName = match?.[1];
        } else if (type === "L") {
            longName = body.toString("utf8").replace(/\0.*$/s, "");
        } else if (type === "0" || type === "7") {
            files.set(name, Buffer.from(body));
        }
        offset += 512 + Math.ceil(size / 512) * 512;
    }
    return files;
}

/** Builds a gzipped ustar archive of the given files (test fixtures; names up to 100 characters). */
export function writeTarGz(files: Record<string, string | Buffer>): Buffer {
    const blocks: Buffer[] = [];
    for (const [name, content] of Object.entries(files)) {
        const body = Buffer.isBuffer(content) ? content : Buffer.from(content);
        if (Buffer.byteLength(name) > 100) throw new Error(`writeTarGz: name longer than 100 bytes: ${name}`);
        const header = Buffer.alloc(512);
        header.write(name, 0);
        header.write("0000644\0", 100);
        header.write("0000000\0", 108);
        header.write("0000000\0", 116);
        header.write(`${body.length.toString(8).padStart(11, "0")}\0`, 124);
        header.write("00000000000\0", 136);
        header.write("        ", 148);
        header.write("0", 156);
        header.write("ustar\0" + "00", 257);
        const sum = header.reduce((a, b) => a + b, 0);
        header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
        blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
    }
    blocks.push(Buffer.alloc(1024));
    return gzipSync(Buffer.concat(blocks));
}
