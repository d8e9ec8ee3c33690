// List virtualization: FlatList renders only a window of rows. Fixed row heights let it skip measuring
// (getItemLayout), and a small window keeps memory flat with thousands of buildings on low-end phones.
export const ROW_HEIGHT = 72;

export const virtualizedListProps = {
  initialNumToRender: 12,
  maxToRenderPerBatch: 8,
  windowSize: 7, // screens of content kept mounted: 3 above, the visible one, 3 below
  removeClippedSubviews: true, // detaches off-screen native views (Android gains most)
  getItemLayout: (_data: ArrayLike<unknown> | null | undefined, index: number) => ({
    length: ROW_HEIGHT,
    offset: ROW_HEIGHT * index,
    index,
  }),
} as const;
