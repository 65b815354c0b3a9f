// Readers for the RDS facts of one (account, region): instances, clusters, instance and cluster snapshots
// and their sharing attributes, automated backups (with cross-region replications) and pending
// maintenance. Paginated with the largest page; the snapshot lists are shared by two facts.
import {
  type DBClusterSnapshot,
  type DBSnapshot,
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBSnapshotAttributesCommand,
  paginateDescribeDBClusterSnapshots,
  paginateDescribeDBClusters,
  paginateDescribeDBInstanceAutomatedBackups,
  paginateDescribeDBInstances,
  paginateDescribeDBSnapshots,
  paginateDescribePendingMaintenanceActions,
} from '@aws-sdk/client-rds';
import type { FactItem } from '../../snapshot/facts.js';
import {
  compact,
  drain,
  each,
  iso,
  need,
  type Partition,
  RDS_PAGE,
  type Reader,
  tagMap,
} from './partition.js';

const pager = (p: Partition) => ({ client: p.rds, pageSize: RDS_PAGE, stopOnSameToken: true });

type Snapshot = FactItem<'aws.rds.snapshots'>;

/** The two snapshot lists, read once per partition for both snapshot facts and kept in their fact form. */
const instanceSnapshots = (p: Partition) =>
  p.once('rds:DescribeDBSnapshots', () =>
    drain(paginateDescribeDBSnapshots(pager(p), {}), (page) => page.DBSnapshots, {
      operation: 'rds:DescribeDBSnapshots',
      item: (s: DBSnapshot): Snapshot =>
        compact({
          account: p.account,
          region: p.region,
          arn: need(s.DBSnapshotArn, 'DBSnapshotArn'),
          id: need(s.DBSnapshotIdentifier, 'DBSnapshotIdentifier'),
          kind: 'instance' as const,
          sourceId: s.DBInstanceIdentifier ?? '',
          snapshotType: s.SnapshotType ?? '',
          status: s.Status ?? '',
          createdAt: iso(s.SnapshotCreateTime),
          encrypted: s.Encrypted ?? false,
          sourceRegion: s.SourceRegion,
          tags: tagMap(s.TagList),
        }),
    }),
  );
const clusterSnapshots = (p: Partition) =>
  p.once('rds:DescribeDBClusterSnapshots', () =>
    drain(paginateDescribeDBClusterSnapshots(pager(p), {}), (page) => page.DBClusterSnapshots, {
      operation: 'rds:DescribeDBClusterSnapshots',
      item: (s: DBClusterSnapshot): Snapshot =>
        compact({
          account: p.account,
          region: p.region,
          arn: need(s.DBClusterSnapshotArn, 'DBClusterSnapshotArn'),
          id: need(s.DBClusterSnapshotIdentifier, 'DBClusterSnapshotIdentifier'),
          kind: 'cluster' as const,
          sourceId: s.DBClusterIdentifier ?? '',
          snapshotType: s.SnapshotType ?? '',
          status: s.Status ?? '',
          createdAt: iso(s.SnapshotCreateTime),
          encrypted: s.StorageEncrypted ?? false,
          tags: tagMap(s.TagList),
        }),
    }),
  );

const instances: Reader<'aws.rds.instances'> = (p) =>
  drain(paginateDescribeDBInstances(pager(p), {}), (page) => page.DBInstances, {
    operation: 'rds:DescribeDBInstances',
    item: (i) =>
      compact({
        account: p.account,
        region: p.region,
        arn: need(i.DBInstanceArn, 'DBInstanceArn'),
        id: need(i.DBInstanceIdentifier, 'DBInstanceIdentifier'),
        engine: i.Engine ?? '',
        engineVersion: i.EngineVersion,
        status: i.DBInstanceStatus ?? '',
        clusterId: i.DBClusterIdentifier,
        readReplicaSourceId:
          i.ReadReplicaSourceDBInstanceIdentifier ?? i.ReadReplicaSourceDBClusterIdentifier,
        readReplicaIds: i.ReadReplicaDBInstanceIdentifiers?.length
          ? i.ReadReplicaDBInstanceIdentifiers
          : undefined,
        automatedBackupReplications: i.DBInstanceAutomatedBackupsReplications?.length
          ? i.DBInstanceAutomatedBackupsReplications.map((r) => r.DBInstanceAutomatedBackupsArn ?? '')
          : undefined,
        backupRetentionDays: i.BackupRetentionPeriod ?? 0,
        backupWindow: i.PreferredBackupWindow,
        maintenanceWindow: i.PreferredMaintenanceWindow,
        multiAz: i.MultiAZ ?? false,
        storageEncrypted: i.StorageEncrypted ?? false,
        kmsKeyId: i.KmsKeyId,
        deletionProtection: i.DeletionProtection ?? false,
        autoMinorVersionUpgrade: i.AutoMinorVersionUpgrade ?? false,
        latestRestorableTime: iso(i.LatestRestorableTime),
        tags: tagMap(i.TagList),
      }),
  });

const clusters: Reader<'aws.rds.clusters'> = (p) =>
  drain(paginateDescribeDBClusters(pager(p), {}), (page) => page.DBClusters, {
    operation: 'rds:DescribeDBClusters',
    item: (c) =>
      compact({
        account: p.account,
        region: p.region,
        arn: need(c.DBClusterArn, 'DBClusterArn'),
        id: need(c.DBClusterIdentifier, 'DBClusterIdentifier'),
        engine: c.Engine ?? '',
        engineVersion: c.EngineVersion,
        status: c.Status ?? '',
        members: (c.DBClusterMembers ?? []).map((m) => ({
          id: need(m.DBInstanceIdentifier, 'DBInstanceIdentifier'),
          writer: m.IsClusterWriter ?? false,
        })),
        backupRetentionDays: c.BackupRetentionPeriod ?? 0,
        backupWindow: c.PreferredBackupWindow,
        maintenanceWindow: c.PreferredMaintenanceWindow,
        multiAz: c.MultiAZ ?? false,
        storageEncrypted: c.StorageEncrypted ?? false,
        kmsKeyId: c.KmsKeyId,
        deletionProtection: c.DeletionProtection ?? false,
        latestRestorableTime: iso(c.LatestRestorableTime),
        replicationSourceArn: c.ReplicationSourceIdentifier,
        readReplicaIds: c.ReadReplicaIdentifiers?.length ? c.ReadReplicaIdentifiers : undefined,
        tags: tagMap(c.TagList),
      }),
  });

const snapshots: Reader<'aws.rds.snapshots'> = async (p) => {
  const [own, ofClusters] = await Promise.all([instanceSnapshots(p), clusterSnapshots(p)]);
  return [...own, ...ofClusters];
};

/** Sharing of manual snapshots (automated and AWS Backup snapshots cannot be shared). The calls for DB
 * snapshots and for cluster snapshots each start once their own list is read, side by side. */
const snapshotAttributes: Reader<'aws.rds.snapshotAttributes'> = async (p) => {
  type Attributes = { AttributeName?: string; AttributeValues?: string[] }[] | undefined;
  const sharing = (list: Snapshot[], read: (s: Snapshot) => Promise<Attributes>) =>
    each(
      list.filter((s) => s.snapshotType === 'manual'),
      async (s) => {
        const restore = ((await read(s)) ?? [])
          .filter((a) => a.AttributeName === 'restore')
          .flatMap((a) => a.AttributeValues ?? []);
        return { account: p.account, region: p.region, snapshotArn: s.arn, restoreAccounts: restore };
      },
    );
  // Both run to the end; a failure is reported in this order (DB snapshots first), whichever came first.
  const both = await each(
    [
      instanceSnapshots(p).then((list) =>
        sharing(list, async (s) => {
          const command = new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: s.id });
          return (await p.rds.send(command)).DBSnapshotAttributesResult?.DBSnapshotAttributes;
        }),
      ),
      clusterSnapshots(p).then((list) =>
        sharing(list, async (s) => {
          const command = new DescribeDBClusterSnapshotAttributesCommand({
            DBClusterSnapshotIdentifier: s.id,
          });
          return (await p.rds.send(command)).DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes;
        }),
      ),
    ],
    (task) => task,
  );
  return both.flat();
};

const automatedBackups: Reader<'aws.rds.automatedBackups'> = (p) =>
  drain(paginateDescribeDBInstanceAutomatedBackups(pager(p), {}), (page) => page.DBInstanceAutomatedBackups, {
    operation: 'rds:DescribeDBInstanceAutomatedBackups',
    item: (b) =>
      compact({
        account: p.account,
        region: p.region,
        arn: need(b.DBInstanceAutomatedBackupsArn, 'DBInstanceAutomatedBackupsArn'),
        sourceArn: need(b.DBInstanceArn, 'DBInstanceArn'),
        sourceRegion: b.Region ?? p.region,
        status: b.Status ?? '',
        retentionDays: b.BackupRetentionPeriod,
        replicated: (b.Region ?? p.region) !== p.region,
      }),
  });

const pendingMaintenance: Reader<'aws.rds.pendingMaintenance'> = (p) =>
  drain(paginateDescribePendingMaintenanceActions(pager(p), {}), (page) => page.PendingMaintenanceActions, {
    operation: 'rds:DescribePendingMaintenanceActions',
    item: (r) => ({
      account: p.account,
      region: p.region,
      resourceArn: need(r.ResourceIdentifier, 'ResourceIdentifier'),
      actions: (r.PendingMaintenanceActionDetails ?? []).map((a) =>
        compact({
          action: a.Action ?? '',
          description: a.Description,
          autoAppliedAfterDate: iso(a.AutoAppliedAfterDate),
          forcedApplyDate: iso(a.ForcedApplyDate),
          currentApplyDate: iso(a.CurrentApplyDate),
          optInStatus: a.OptInStatus,
        }),
      ),
    }),
  });

export const RDS_READERS = {
  'aws.rds.instances': instances,
  'aws.rds.clusters': clusters,
  'aws.rds.snapshots': snapshots,
  'aws.rds.snapshotAttributes': snapshotAttributes,
  'aws.rds.automatedBackups': automatedBackups,
  'aws.rds.pendingMaintenance': pendingMaintenance,
};
