import { type Pricer, type PricingContext, num, usd } from "./context";
import { serviceLoadBalancer } from "./pricers-network";

/**
 * Kubernetes objects run on the nodes (priced there) except what they make AWS create: EBS volumes for claims and
 * load balancers for LoadBalancer Services. Claims are assumed to land on the cluster's gp3 EBS storage class.
 */

const UNITS: Record<string, number> = {
    Ki: 1 / 1024 ** 2,
    Mi: 1 / 1024,
    Gi: 1,
    Ti: 1024,
    K: 1e3 / 1024 ** 3,
    M: 1e6 / 1024 ** 3,
    G: 1e9 / 1024 ** 3,
    T: 1e12 / 1024 ** 3,
};

/** GiB in a Kubernetes quantity ("20Gi", "500Mi", "10G"); undefined when it is not one. */
export function quantityGb(q: unknown): number | undefined {
    if (typeof q === "number") return q / 1024 ** 3;
    if (typeof q !== "string") return undefined;
    const m = /^\s*([0-9.]+)\s*([KMGT]i?)?\s*$/.exec(q);
    if (!m) return undefined;
    const n = Number(m[1]);
    return m[2] ? n * UNITS[m[2]] : n / 1024 ** 3;
}

const isEfs = (storageClass: unknown) => typeof storageClass === "string" && /efs/i.test(storageClass);

function storagePriced(gb: number, what: string, ctx: PricingContext) {
    const rate = ctx.rate("ebs.gp3");
    return {
        kind: "priced" as const,
        monthly: gb * rate,
        basis: `${what}: ${round(gb)} GB gp3 x ${usd(rate)}/GB-month (gp3 storage class assumed)`,
    };
}

const round = (n: number) => Math.round(n * 100) / 100;

export const pvc: Pricer = (r, ctx) => {
    const spec = r.inputs.spec ?? {};
    if (isEfs(spec.storageClassName)) return { kind: "usage", basis: "EFS claim: billed per GB stored" };
    const gb = quantityGb(spec.resources?.requests?.storage);
    if (gb === undefined) return { kind: "notPriced", reason: "claim has no spec.resources.requests.storage" };
    return storagePriced(gb, "claim", ctx);
};

export const statefulSet: Pricer = (r, ctx) => {
    const spec = r.inputs.spec ?? {};
    const templates: any[] = spec.volumeClaimTemplates ?? [];
    if (templates.length === 0) return { kind: "free", basis: "Kubernetes object (runs on the nodes)" };
    const replicas = num(spec.replicas, 1);
    let gb = 0;
    for (const t of templates) {
        if (isEfs(t.spec?.storageClassName)) continue;
        gb += quantityGb(t.spec?.resources?.requests?.storage) ?? 0;
    }
    return storagePriced(gb * replicas, `${replicas} replicas x ${templates.length} claim template(s)`, ctx);
};

export const service: Pricer = (r, ctx) => {
    const spec = r.inputs.spec ?? {};
    if (spec.type !== "LoadBalancer") return { kind: "free", basis: "Kubernetes object (runs on the nodes)" };
    const annotations = r.inputs.metadata?.annotations ?? {};
    const lbType = annotations["service.beta.kubernetes.io/aws-load-balancer-type"];
    const nlb = lbType === "nlb" || lbType === "external" || spec.loadBalancerClass === "service.k8s.aws/nlb";
    const lb = serviceLoadBalancer(ctx, nlb);
    return { kind: "priced", ...lb };
};

/**
 * Storage a chart's values ask for: every `volumeClaimTemplate` (kube-prometheus-stack's Prometheus and
 * Alertmanager), `volumeClaimTemplates` and enabled `persistence.size` (Grafana and most Bitnami-style charts),
 * times the `replicas` set next to them.
 */
export function valuesStorage(values: unknown): { gb: number; found: string[] } {
    const found: string[] = [];
    let gb = 0;
    const claim = (t: any, replicas: number, where: string) => {
        const size = quantityGb(t?.spec?.resources?.requests?.storage);
        if (size === undefined || isEfs(t?.spec?.storageClassName)) return;
        gb += size * replicas;
        found.push(`${where} ${round(size)} GB${replicas > 1 ? ` x ${replicas}` : ""}`);
    };
    const walk = (node: any, where: string, replicas: number) => {
        if (!node || typeof node !== "object") return;
        if (Array.isArray(node)) {
            node.forEach((n, i) => {
                walk(n, `${where}[${i}]`, replicas);
            });
            return;
        }
        const here = typeof node.replicas === "number" ? node.replicas : replicas;
        for (const [k, v] of Object.entries(node)) {
            const path = where ? `${where}.${k}` : k;
            if (k === "volumeClaimTemplate") claim(v, here, path);
            else if (k === "volumeClaimTemplates" && Array.isArray(v))
                v.forEach((t, i) => {
                    claim(t, here, `${path}[${i}]`);
                });
            else if (k === "persistence" && (v as any)?.enabled === true) {
                const size = quantityGb((v as any).size);
                if (size !== undefined && !isEfs((v as any).storageClass)) {
                    gb += size * here;
                    found.push(`${path} ${round(size)} GB${here > 1 ? ` x ${here}` : ""}`);
                }
            } else walk(v, path, here);
        }
    };
    walk(values, "", 1);
    return { gb, found };
}

/** helm.v3.Release and helm.v4.Chart: their objects are not visible, but their values say what storage they claim. */
export const helmChart: Pricer = (r, ctx) => {
    const { gb, found } = valuesStorage(r.inputs.values);
    if (gb === 0) return { kind: "free", basis: "chart workloads run on the nodes; values request no storage" };
    return storagePriced(gb, `chart values (${found.join(", ")})`, ctx);
};
