//! Lets a view send the clerk to another section of the shell (the sale's "Ouvrir la caisse"),
//! through a Svelte context that the shell sets.

import { createContext } from 'svelte';
import type { Section } from './nav';

export const [getOpenSection, setOpenSection] = createContext<(section: Section) => void>();
