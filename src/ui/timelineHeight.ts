// The timeline's height (Timeline.tsx measures it) for the notices that sit above it however it wraps
// (sessions/Notices.tsx, offline/OfflineNotice.tsx). Given to them alone as --timeline-h: set on the page's root, a
// change restyled every element (the page's first frame laid out twice for it; 45-70 ms frames in a lesson whose
// timeline rewraps, issue 13).
import type { CSSProperties } from 'react';
import { create } from 'zustand';

const useHeight = create<{ h: number | null }>()(() => ({ h: null }));

export function publishTimelineHeight(h: number | null): void {
  if (useHeight.getState().h !== h) useHeight.setState({ h });
}

/** The style that puts a notice above the timeline (its CSS: `bottom: calc(var(--timeline-h, 0px) + …)`). */
export function useAboveTimeline(): CSSProperties | undefined {
  const h = useHeight((s) => s.h);
  return h === null ? undefined : ({ '--timeline-h': `${h}px` } as CSSProperties);
}
