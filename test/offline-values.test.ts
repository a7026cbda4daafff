import * as assert from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readTarGz, writeTarGz } from "../offline/charts/archive";
import { ignoredValueKeys, templateReads } from "../offline/charts/values";

const FIXTURE = path.join(__dirname, "fixtures", "charts", "shop");

/** The fixture's files, relative to `root`, as a packaged chart holds them. */
function filesUnder(dir: string, root: string): Record<string, Buffer> {
    const out: Record<string, Buffer> = {};
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) Object.assign(out, filesUnder(full, `${root}/${entry.name}`));
        else out[`${root}/${entry.name}`] = fs.readFileSync(full);
    }
    return out;
}

/** `helm package` layout: shop/..., the subchart as a nested archive shop/charts/cache-0.1.0.tgz. */
function packaged(): Buffer {
    const files = filesUnder(FIXTURE, "shop");
    const sub: Record<string, Buffer> = {};
    for (const [name, content] of Object.entries(files)) {
        if (name.startsWith("shop/charts/cache/")) {
            sub[name.replace("shop/charts/", "")] = content;
            delete files[name];
        }
    }
    return writeTarGz({ ...files, "shop/charts/cache-0.1.0.tgz": writeTarGz(sub) });
}

/** [case, user values, ignored paths] */
const ROWS: [string, Record<string, unknown>, string[]][] = [
    ["declared and read", { replicaCount: 2, image: { repository: "r", tag: "2.0.0" }, service: { type: "NodePort", port: 8080 } }, []],
    ["declared but never read still counts as declared", { ingress: { enabled: true, hosts: ["a.example.com"] } }, []],
    ["misspelt top-level key", { replicas: 2 }, ["replicas"]],
    ["misspelt nested key", { image: { tga: "2.0.0" }, service: { nodePort: 30080 } }, ["image.tga", "service.nodePort"]],
    ["a whole unknown subtree is one entry", { monitoring: { enabled: true, port: 9 } }, ["monitoring"]],
    ["free-form map declared {} or null", { podAnnotations: { "a/b": "c" }, nodeSelector: { zone: "a" } }, []],
    ["toYaml reads everything under the key", { resources: { limits: { cpu: "1" } }, securityContext: { runAsUser: 1000 } }, []],
    ["index .Values reads that path only", { logging: { level: "debug", format: "json" } }, ["logging.format"]],
    ["$.Values reads", { features: { checkout: true, wishlist: true } }, ["features.wishlist"]],
    ["an exact read of a key does not use keys under it", { extraEnv: { A: "1" } }, ["extraEnv.A"]],
    ["an exact read of a key with a list value", { extraEnv: [{ name: "A", value: "1" }] }, []],
    ["a comment is not a read", { commentedOut: true }, ["commentedOut"]],
    [
        "subchart values under its alias: declared, read, condition",
        { redis: { enabled: true, maxMemory: "1gb", persistence: { size: "2Gi" }, auth: { passwordFile: "/p" } } },
        [],
    ],
    ["subchart: misspelt key", { redis: { persistence: { sizee: "2Gi" } } }, ["redis.persistence.sizee"]],
    ["subchart: range reads wholesale", { redis: { extraFlags: { appendonly: "yes" } } }, []],
    ["subchart under its name when it has an alias", { cache: { maxMemory: "1gb" } }, ["cache"]],
    ["dependency tags", { tags: { backend: false, frontend: true } }, ["tags.frontend"]],
    [
        "global: declared by the parent, read by the subchart, or neither",
        { global: { imageRegistry: "r/", pullPolicy: "Always", other: 1 } },
        ["global.other"],
    ],
];

describe("offline/charts/values: ignoredValueKeys", () => {
    let archive: string;
    before(() => {
        archive = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "chart-")), "shop-1.2.3.tgz");
        fs.writeFileSync(archive, packaged());
    });

    for (const [name, values, expected] of ROWS) {
        it(name, () => assert.deepStrictEqual(ignoredValueKeys(archive, values), expected));
    }

    it("reads the same chart from an archive and from extracted files", () => {
        const values = { replicas: 1, redis: { persistence: { sizee: 1 } }, resources: { limits: {} } };
        assert.deepStrictEqual(ignoredValueKeys(filesUnder(FIXTURE, "shop"), values), ["replicas", "redis.persistence.sizee"]);
        assert.deepStrictEqual(ignoredValueKeys(archive, values), ["replicas", "redis.persistence.sizee"]);
    });

    it("the tar reader returns every file of the archive", () => {
        const files = readTarGz(packaged());
        assert.deepStrictEqual([...files.keys()].sort(), [
            "shop/Chart.yaml",
            "shop/charts/cache-0.1.0.tgz",
            "shop/templates/_helpers.tpl",
            "shop/templates/deployment.yaml",
            "shop/templates/service.yaml",
            "shop/values.yaml",
        ]);
        assert.strictEqual(files.get("shop/Chart.yaml")!.toString(), fs.readFileSync(path.join(FIXTURE, "Chart.yaml"), "utf8"));
    });
});

describe("offline/charts/values: templateReads", () => {
    const ROWS2: [string, string, string[], string[]][] = [
        ["dotted read", "{{ .Values.a.b }}", ["a.b"], []],
        ["root read", "{{ $.Values.a }} {{ $root.Values.b }}", ["a", "b"], []],
        ["index", '{{ index .Values "a-b" "c" }} {{ index .Values.x "y" }}', ["a-b.c", "x.y"], []],
        ["toYaml / toJson / tpl", "{{ toYaml .Values.a | nindent 2 }} {{ toJson .Values.b }} {{ tpl .Values.c . }}", [], ["a", "b", "c"]],
        ["piped into toYaml", "{{ .Values.a | default dict | toYaml }}", [], ["a"]],
        [
            "with, range, assignment, include",
            '{{ with .Values.a }}{{ end }}{{ range .Values.b }}{{ end }}{{ $x := .Values.c }}{{ include "t" .Values.d }}',
            [],
            ["a", "b", "c", "d"],
        ],
        ["scalar uses are exact", '{{ if .Values.a }}{{ .Values.b | quote }}{{ required "x" .Values.c }}{{ end }}', ["a", "b"], ["c"]],
    ];
    for (const [name, source, reads, wholesale] of ROWS2) {
        it(name, () => {
            const found = templateReads([source]);
            assert.deepStrictEqual([found.reads.map((r) => r.join(".")), found.wholesale.map((r) => r.join("."))], [reads, wholesale]);
        });
    }
});
