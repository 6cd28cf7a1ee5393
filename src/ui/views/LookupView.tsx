// The offset lookup as a view of its own (focus.view "lookup"): the selected partition's replica, its segment
// files, and the staged search (Lookup.tsx) of the latest lookup there, in sight without scrolling past the log.
import { useT } from '../i18n';
import { Lookup } from './Lookup';
import { PartitionPicker, useSelectedPartition } from './PartitionLog';

export function LookupView() {
  const t = useT();
  const at = useSelectedPartition();
  if (!at)
    return (
      <section className="view lookup-view">
        <p className="muted">{t('noTopic')}</p>
      </section>
    );
  return (
    <section className="view lookup-view" aria-label={t('viewLookup')}>
      <div className="row">
        <PartitionPicker tp={at.tp} />
      </div>
      <Lookup topic={at.topic} partition={at.row.partition} broker={at.broker} segments={at.log?.segments ?? []} />
    </section>
  );
}
