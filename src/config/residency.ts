// Named data residencies and the AWS regions each allows. The config's `residencies` map is merged over it.
export const DEFAULT_RESIDENCIES: Record<string, string[]> = {
  uk: ['eu-west-2'],
  eu: ['eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-3'],
  us: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'],
};

export function residencyMap(overrides: Record<string, string[]> | undefined): Record<string, string[]> {
  return { ...DEFAULT_RESIDENCIES, ...(overrides ?? {}) };
}
