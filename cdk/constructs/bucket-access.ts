// Least-privilege S3 grants by key prefix. bucket.grantRead() would allow every key; each Tally function gets
// only the prefixes of the archive layout (ARCHITECTURE.md) it reads or writes.
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';

export interface BucketAccess {
  /** Key patterns read (GetObject, HeadObject): "items/*", "config/tally.config.json". */
  read?: string[];
  /** Key patterns written (PutObject, conditional and multipart included). */
  write?: string[];
  /** Key patterns deleted. */
  remove?: string[];
}

export function grantBucketAccess(grantee: iam.IGrantable, bucket: s3.IBucket, access: BucketAccess): void {
  const statement = (actions: string[], patterns: string[] | undefined): void => {
    if (patterns === undefined || patterns.length === 0) return;
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions,
        resources: patterns.map((pattern) => bucket.arnForObjects(pattern)),
      }),
    );
  };
  statement(['s3:GetObject'], access.read);
  statement(['s3:PutObject', 's3:AbortMultipartUpload'], access.write);
  statement(['s3:DeleteObject'], access.remove);
  // S3 answers a GET of a missing key with 404 only to a caller allowed s3:ListBucket (403 otherwise), and the
  // BlobStore port's get() relies on telling "missing" from "forbidden". ListBucket shows key names, not contents.
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
  );
}
