import { Skeleton } from '@/components/ui/skeleton';

export default function PerformanceLoading() {
  return (
    <div className="stack" aria-busy="true" aria-label="Loading performance">
      <Skeleton height={28} width={220} />
      <Skeleton height={150} />
      <Skeleton height={120} />
      <Skeleton height={220} />
      <div className="grid grid-2">
        <Skeleton height={250} />
        <Skeleton height={250} />
      </div>
    </div>
  );
}
