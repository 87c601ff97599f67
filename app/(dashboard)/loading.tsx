import { Skeleton } from '@/components/ui/skeleton';

export default function Loading() {
  return (
    <div className="stack" aria-busy="true" aria-label="Loading">
      <Skeleton height={28} width={280} />
      <div className="grid grid-4">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={72} />
        ))}
      </div>
      <Skeleton height={240} />
    </div>
  );
}
