// Which lessons dialog is open (the header's buttons and the home page's invitation share it).
import { create } from 'zustand';

export type LessonDialog = 'lessons' | 'embed' | null;

export const useLessonDialog = create<{ open: LessonDialog; setOpen(d: LessonDialog): void }>()((set) => ({
  open: null,
  setOpen: (open) => set({ open }),
}));
