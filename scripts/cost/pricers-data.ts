import { type Pricer, hourly, num, usd } from "./context";

/** Pricers of the data stores: MSK, OpenSearch, RDS. */

/** Brokers x broker price + brokers x provisioned EBS per broker. */
export const mskCluster: Pricer = (r, ctx) => {
    const info = r.inputs.brokerNodeGroupInfo ?? {};
    const type: string | undefined = info.instanceType;
    const brokers = num(r.inputs.numberOfBrokerNodes, NaN);
    if (!Number.isFinite(brokers)) return { kind: "notPriced", reason: "numberOfBrokerNodes is not set" };
    const price = ctx.instance("msk", type);
    if (price === undefined)
        return { kind: "notPriced", reason: `broker instance type ${type ?? "(unset)"} is not in the price table (instances.msk)` };
    const compute = brokers * price * ctx.hours;
    let basis = `${brokers} brokers x ${type} ${hourly(price, ctx.hours)}`;
    let partial: string | undefined;
    let storage = 0;
    if (type!.startsWith("express.")) {
        partial = "Express broker storage used and data written";
    } else {
        const ebs = info.storageInfo?.ebsStorageInfo;
        const gb = num(ebs?.volumeSize, ctx.assumption("mskDefaultVolumeGb"));
        const rate = ctx.rate("msk.storage");
        storage = brokers * gb * rate;
        basis += ` + ${brokers} x ${gb} GB x ${usd(rate)}/GB-month${ebs?.volumeSize === undefined ? " (MSK default volume)" : ""}`;
        if (ebs?.provisionedThroughput?.enabled === true) partial = "provisioned storage throughput";
    }
    return { kind: "priced", monthly: compute + storage, basis, partial };
};

/** MSK Serverless: the cluster-hour floor; partitions and data depend on use. */
export const mskServerless: Pricer = (_r, ctx) => {
    const p = ctx.rate("msk.serverlessCluster");
    const part = ctx.rate("msk.serverlessPartition");
    return {
        kind: "priced",
        monthly: p * ctx.hours,
        basis: `cluster ${hourly(p, ctx.hours)}; ${usd(part)}/partition-h, data in/out and storage excluded`,
    };
};

/** Data nodes + dedicated masters + EBS per data node. */
export const openSearchDomain: Pricer = (r, ctx) => {
    const cc = r.inputs.clusterConfig ?? {};
    const type: string | undefined = cc.instanceType;
    const count = num(cc.instanceCount, 1);
    const price = ctx.instance("opensearch", type);
    if (price === undefined)
        return { kind: "notPriced", reason: `instance type ${type ?? "(unset)"} is not in the price table (instances.opensearch)` };
    let monthly = count * price * ctx.hours;
    const parts = [`${count} x ${type} ${hourly(price, ctx.hours)}`];
    if (cc.dedicatedMasterEnabled === true) {
        const masters = num(cc.dedicatedMasterCount, 3);
        const mp = ctx.instance("opensearch", cc.dedicatedMasterType);
        if (mp === undefined)
            return {
                kind: "notPriced",
                reason: `dedicated master type ${cc.dedicatedMasterType ?? "(unset)"} is not in the price table (instances.opensearch)`,
            };
        monthly += masters * mp * ctx.hours;
        parts.push(`${masters} masters x ${cc.dedicatedMasterType} ${usd(mp)}/h`);
    }
    const ebs = r.inputs.ebsOptions;
    if (ebs && ebs.ebsEnabled !== false) {
        const gb = num(ebs.volumeSize, 10);
        const vt = ebs.volumeType ?? "gp3";
        if (!ctx.prices.rates[`opensearch.${vt}`])
            return { kind: "notPriced", reason: `OpenSearch volume type ${vt} is not in the price table` };
        const rate = ctx.rate(`opensearch.${vt}`);
        monthly += count * gb * rate;
        parts.push(`${count} x ${gb} GB ${vt} x ${usd(rate)}`);
    }
    const partial = cc.warmEnabled === true ? `UltraWarm nodes (${cc.warmCount ?? "?"} x ${cc.warmType ?? "?"})` : undefined;
    return { kind: "priced", monthly, basis: parts.join(" + "), partial };
};

const PRICED_ENGINES = /^(postgres|mysql|mariadb)$/;

/** Instance class x (2 when Multi-AZ) + allocated storage x (2 when Multi-AZ: the standby has its own). */
export const rdsInstance: Pricer = (r, ctx) => {
    const i = r.inputs;
    const engine = i.engine ?? "postgres";
    if (!PRICED_ENGINES.test(engine))
        return { kind: "notPriced", reason: `engine ${engine}: the price table has PostgreSQL/MySQL rates only` };
    const cls: string | undefined = i.instanceClass;
    const price = ctx.instance("rds", cls);
    if (price === undefined)
        return { kind: "notPriced", reason: `instance class ${cls ?? "(unset)"} is not in the price table (instances.rds)` };
    const copies = i.multiAz === true ? 2 : 1;
    const storageType = i.storageType ?? (i.iops ? "io1" : "gp2");
    if (!ctx.prices.rates[`rds.${storageType}`])
        return { kind: "notPriced", reason: `RDS storage type ${storageType} is not in the price table` };
    const rate = ctx.rate(`rds.${storageType}`);
    const gb = num(i.allocatedStorage, 20);
    const maz = copies === 2 ? " x 2 (Multi-AZ)" : "";
    const growth = i.maxAllocatedStorage ? `; storage autoscaling up to ${i.maxAllocatedStorage} GB not included` : "";
    return {
        kind: "priced",
        monthly: copies * (price * ctx.hours + gb * rate),
        basis: `${cls} ${hourly(price, ctx.hours)}${maz} + ${gb} GB ${storageType} x ${usd(rate)}${maz}${growth}; backups beyond DB size excluded`,
    };
};
