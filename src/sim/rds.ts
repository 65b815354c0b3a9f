// The simulator's Amazon RDS: the Describe* operations the collectors call, over awsQuery (form POST in,
// XML out), with Marker/MaxRecords pagination. Element names follow the SDK's RDS model
// (@aws-sdk/client-rds): <DBInstances><DBInstance>, <TagList><Tag>, <DBClusterMembers><DBClusterMember>.
import { arn, type PageLimits, paginate, type SimCall, SimError, stableId } from './common.js';
import { type EstateDbInstance, type RegionEstate, resolveWhen, type Tags } from './estate.js';
import { list, type XmlObject } from './xml.js';

export const RDS_XMLNS = 'http://rds.amazonaws.com/doc/2014-10-31/';

const LIMITS: PageLimits = {
  min: 20,
  max: 100,
  default: 100,
  sizeParam: 'MaxRecords',
  invalidCode: 'InvalidParameterValue',
};

export interface RdsView {
  instances: XmlObject[];
  clusters: XmlObject[];
  snapshots: XmlObject[];
  clusterSnapshots: XmlObject[];
  attributes: Map<string, string[]>;
  clusterAttributes: Map<string, string[]>;
  automatedBackups: XmlObject[];
  pendingMaintenance: XmlObject[];
}

const tagList = (tags: Tags | undefined) =>
  list(
    'Tag',
    Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
  );

function autoBackupArn(region: string, account: string, source: string): string {
  return `arn:aws:rds:${region}:${account}:auto-backup:ab-${stableId(`${source}@${region}`, 26)}`;
}

/** The RDS resources of one account and region, shaped as the API returns them. */
export function rdsView(
  regions: Record<string, RegionEstate>,
  account: string,
  region: string,
  now: Date,
): RdsView {
  const est = regions[region] ?? {};
  const at = (w: string | undefined) => (w === undefined ? undefined : resolveWhen(w, now));
  const clusters = est.clusters ?? [];
  const clusterById = new Map(clusters.map((c) => [c.id, c]));
  const retention = (i: EstateDbInstance) =>
    (i.clusterId ? clusterById.get(i.clusterId)?.backupRetentionDays : undefined) ??
    i.backupRetentionDays ??
    7;

  const instances = (est.instances ?? []).map(
    (i): XmlObject => ({
      DBInstanceIdentifier: i.id,
      DBInstanceClass: 'db.r6g.large',
      Engine:
        i.engine ??
        (i.clusterId ? (clusterById.get(i.clusterId)?.engine ?? 'aurora-postgresql') : 'postgres'),
      DBInstanceStatus: i.status ?? 'available',
      InstanceCreateTime: at(i.createdAt ?? '-400d'),
      PreferredBackupWindow: i.backupWindow ?? '02:00-02:30',
      BackupRetentionPeriod: retention(i),
      AvailabilityZone: `${region}a`,
      PreferredMaintenanceWindow: i.maintenanceWindow ?? 'sun:03:00-sun:03:30',
      LatestRestorableTime: retention(i) > 0 ? at(i.latestRestorableTime ?? '-5m') : undefined,
      MultiAZ: i.multiAz ?? false,
      EngineVersion: i.engineVersion ?? '16.4',
      AutoMinorVersionUpgrade: i.autoMinorVersionUpgrade ?? true,
      ReadReplicaSourceDBInstanceIdentifier: i.readReplicaSourceId,
      ReadReplicaDBInstanceIdentifiers: list(
        'ReadReplicaDBInstanceIdentifier',
        (est.instances ?? []).filter((r) => r.readReplicaSourceId === i.id).map((r) => r.id),
      ),
      DBClusterIdentifier: i.clusterId,
      StorageEncrypted: i.storageEncrypted ?? true,
      KmsKeyId: i.kmsKeyId,
      DbiResourceId: `db-${stableId(`${account}/${region}/${i.id}`, 26).toUpperCase()}`,
      DBInstanceArn: arn.db(region, account, i.id),
      DeletionProtection: i.deletionProtection ?? false,
      TagList: tagList(i.tags),
      DBInstanceAutomatedBackupsReplications: list(
        'DBInstanceAutomatedBackupsReplication',
        (i.backupReplicationRegions ?? []).map((dest) => ({
          DBInstanceAutomatedBackupsArn: autoBackupArn(dest, account, arn.db(region, account, i.id)),
        })),
      ),
    }),
  );

  const clusterXml = clusters.map((c): XmlObject => {
    const members =
      c.members ??
      (est.instances ?? [])
        .filter((i) => i.clusterId === c.id)
        .map((i, n) => ({ id: i.id, writer: n === 0 }));
    return {
      BackupRetentionPeriod: c.backupRetentionDays ?? 7,
      DBClusterIdentifier: c.id,
      Status: c.status ?? 'available',
      MultiAZ: c.multiAz ?? members.length > 1,
      Engine: c.engine ?? 'aurora-postgresql',
      EngineVersion: c.engineVersion ?? '16.4',
      LatestRestorableTime: at(c.latestRestorableTime ?? '-5m'),
      PreferredBackupWindow: c.backupWindow ?? '02:00-02:30',
      PreferredMaintenanceWindow: c.maintenanceWindow ?? 'sun:03:00-sun:03:30',
      ReplicationSourceIdentifier: c.replicationSourceArn,
      ReadReplicaIdentifiers: list(
        'ReadReplicaIdentifier',
        clusters
          .filter((r) => r.replicationSourceArn === arn.cluster(region, account, c.id))
          .map((r) => arn.cluster(region, account, r.id)),
      ),
      DBClusterMembers: list(
        'DBClusterMember',
        members.map((m) => ({ DBInstanceIdentifier: m.id, IsClusterWriter: m.writer ?? false })),
      ),
      StorageEncrypted: c.storageEncrypted ?? true,
      KmsKeyId: c.kmsKeyId,
      DBClusterArn: arn.cluster(region, account, c.id),
      ClusterCreateTime: at(c.createdAt ?? '-400d'),
      DeletionProtection: c.deletionProtection ?? false,
      TagList: tagList(c.tags),
    };
  });

  const snaps = est.snapshots ?? [];
  const instanceSnaps = snaps.filter((s) => (s.kind ?? 'instance') === 'instance');
  const clusterSnaps = snaps.filter((s) => s.kind === 'cluster');

  const automated: XmlObject[] = [];
  for (const [srcRegion, srcEst] of Object.entries(regions)) {
    for (const i of srcEst.instances ?? []) {
      if (i.clusterId) continue;
      const source = arn.db(srcRegion, account, i.id);
      const local = srcRegion === region;
      if (!local && !(i.backupReplicationRegions ?? []).includes(region)) continue;
      const days = i.backupRetentionDays ?? 7;
      if (local && days === 0) continue;
      automated.push({
        DBInstanceArn: source,
        DbiResourceId: `db-${stableId(`${account}/${srcRegion}/${i.id}`, 26).toUpperCase()}`,
        Region: srcRegion,
        DBInstanceIdentifier: i.id,
        RestoreWindow: { EarliestTime: new Date(now.getTime() - days * 86_400_000), LatestTime: now },
        Status: local ? 'active' : 'replicating',
        Engine: i.engine ?? 'postgres',
        Encrypted: i.storageEncrypted ?? true,
        BackupRetentionPeriod: days,
        DBInstanceAutomatedBackupsArn: autoBackupArn(region, account, source),
      });
    }
  }

  const resourceArn = (r: string) =>
    r.startsWith('arn:')
      ? r
      : clusterById.has(r)
        ? arn.cluster(region, account, r)
        : arn.db(region, account, r);

  return {
    instances,
    clusters: clusterXml,
    snapshots: instanceSnaps.map((s) => ({
      DBSnapshotIdentifier: s.id,
      DBInstanceIdentifier: s.sourceId,
      SnapshotCreateTime: at(s.createdAt ?? '-1d'),
      Engine: s.engine ?? 'postgres',
      Status: s.status ?? 'available',
      SnapshotType: s.type ?? 'manual',
      SourceRegion: s.sourceRegion,
      Encrypted: s.encrypted ?? true,
      KmsKeyId: s.kmsKeyId,
      DBSnapshotArn: arn.snapshot(region, account, s.id),
      TagList: tagList(s.tags),
    })),
    clusterSnapshots: clusterSnaps.map((s) => ({
      DBClusterSnapshotIdentifier: s.id,
      DBClusterIdentifier: s.sourceId,
      SnapshotCreateTime: at(s.createdAt ?? '-1d'),
      Engine: s.engine ?? 'aurora-postgresql',
      Status: s.status ?? 'available',
      SnapshotType: s.type ?? 'manual',
      StorageEncrypted: s.encrypted ?? true,
      KmsKeyId: s.kmsKeyId,
      DBClusterSnapshotArn: arn.clusterSnapshot(region, account, s.id),
      TagList: tagList(s.tags),
    })),
    attributes: new Map(instanceSnaps.map((s) => [s.id, s.sharedWith ?? []])),
    clusterAttributes: new Map(clusterSnaps.map((s) => [s.id, s.sharedWith ?? []])),
    automatedBackups: automated,
    pendingMaintenance: (est.pendingMaintenance ?? []).map((p) => ({
      ResourceIdentifier: resourceArn(p.resource),
      PendingMaintenanceActionDetails: list(
        'PendingMaintenanceAction',
        p.actions.map((a) => ({
          Action: a.action,
          AutoAppliedAfterDate: at(a.autoAppliedAfterDate),
          ForcedApplyDate: at(a.forcedApplyDate),
          OptInStatus: a.optInStatus,
          CurrentApplyDate: at(a.currentApplyDate),
          Description: a.description,
        })),
      ),
    })),
  };
}

function paged(call: SimCall, items: XmlObject[], listName: string, member: string): XmlObject {
  const { page, next } = paginate(items, call.params.get('Marker'), call.params.get('MaxRecords'), LIMITS);
  return { [listName]: list(member, page), Marker: next };
}

function attributes(kind: 'DB' | 'DBCluster', id: string | null, values: string[] | undefined): XmlObject {
  if (!id || values === undefined) {
    const code = kind === 'DB' ? 'DBSnapshotNotFound' : 'DBClusterSnapshotNotFoundFault';
    throw new SimError(404, code, `${kind}Snapshot ${id ?? ''} not found.`);
  }
  return {
    [`${kind}SnapshotAttributesResult`]: {
      [`${kind}SnapshotIdentifier`]: id,
      [`${kind}SnapshotAttributes`]: list(`${kind}SnapshotAttribute`, [
        { AttributeName: 'restore', AttributeValues: list('AttributeValue', values) },
      ]),
    },
  };
}

/** Answers one RDS operation with the Result element's content. */
export function handleRds(call: SimCall, view: RdsView): XmlObject {
  const p = call.params;
  switch (call.operation) {
    case 'DescribeDBInstances':
      return paged(call, view.instances, 'DBInstances', 'DBInstance');
    case 'DescribeDBClusters':
      return paged(call, view.clusters, 'DBClusters', 'DBCluster');
    case 'DescribeDBSnapshots':
      return paged(call, view.snapshots, 'DBSnapshots', 'DBSnapshot');
    case 'DescribeDBClusterSnapshots':
      return paged(call, view.clusterSnapshots, 'DBClusterSnapshots', 'DBClusterSnapshot');
    case 'DescribeDBInstanceAutomatedBackups':
      return paged(call, view.automatedBackups, 'DBInstanceAutomatedBackups', 'DBInstanceAutomatedBackup');
    case 'DescribePendingMaintenanceActions':
      return paged(
        call,
        view.pendingMaintenance,
        'PendingMaintenanceActions',
        'ResourcePendingMaintenanceActions',
      );
    case 'DescribeDBSnapshotAttributes': {
      const id = p.get('DBSnapshotIdentifier');
      return attributes('DB', id, id ? view.attributes.get(id) : undefined);
    }
    case 'DescribeDBClusterSnapshotAttributes': {
      const id = p.get('DBClusterSnapshotIdentifier');
      return attributes('DBCluster', id, id ? view.clusterAttributes.get(id) : undefined);
    }
    default:
      throw new SimError(
        400,
        'InvalidAction',
        `The action ${call.operation} is not valid for this web service.`,
      );
  }
}
