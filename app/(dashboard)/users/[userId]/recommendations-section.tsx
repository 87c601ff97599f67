import type { RunSummary } from '@/lib/db/run-types';
import { getUserRecommendations } from '@/lib/db/user-recommendations';
import { RecommendationTable } from '@/components/users/recommendation-table';
import { modelLabel } from '@/components/users/labels';

import type { UserViewParams } from '../view-params';

/** The cached recommendations of the chosen model (streams in under a skeleton). */
export async function RecommendationsSection({ userId, run, view }: { userId: string; run: RunSummary; view: UserViewParams }) {
  if (!run.config.models?.includes(view.model)) {
    return (
      <div className="alert alert-warn" role="note">
        Run #{run.id} did not train {modelLabel(view.model)}. Pick another model above, or train a run with it on the Performance tab.
      </div>
    );
  }
  const recs = await getUserRecommendations(userId, run, view.model, view.excludeOrdered);
  if (!recs) {
    return (
      <div className="alert alert-warn" role="note">
        Run #{run.id} has no cached {modelLabel(view.model)} recommendations for {userId}. Train a new run on the Performance tab.
      </div>
    );
  }
  return <RecommendationTable recs={recs} userId={userId} evaluate={run.mode === 'evaluate'} />;
}
