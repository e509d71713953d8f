/** A stand-in for Web Audio that records the graph: which node feeds which, and the gains. */
export class FakeNode {
  readonly edges: { to: FakeNode; output: number; input: number }[] = [];
  constructor(
    readonly kind: string,
    readonly ctx: FakeAudioContext,
  ) {}
  connect(to: FakeNode, output = 0, input = 0) {
    this.edges.push({ to, output, input });
    return to;
  }
}

export class FakeGain extends FakeNode {
  gain = { value: 1 };
}

export class FakeAudioContext {
  static instances: FakeAudioContext[] = [];
  state: 'suspended' | 'running' | 'closed' = 'suspended';
  readonly nodes: FakeNode[] = [];
  readonly destination = new FakeNode('destination', this);
  sources: unknown[] = [];
  resumed = 0;
  constructor() {
    FakeAudioContext.instances.push(this);
  }
  private add<T extends FakeNode>(n: T): T {
    this.nodes.push(n);
    return n;
  }
  createMediaElementSource(el: unknown) {
    this.sources.push(el);
    return this.add(new FakeNode('source', this));
  }
  createChannelSplitter() {
    return this.add(new FakeNode('splitter', this));
  }
  createChannelMerger() {
    return this.add(new FakeNode('merger', this));
  }
  createGain() {
    return this.add(new FakeGain('gain', this));
  }
  resume() {
    this.resumed += 1;
    this.state = 'running';
    return Promise.resolve();
  }
  close() {
    this.state = 'closed';
    return Promise.resolve();
  }
  /** What reaches each ear of the output, as [splitter output, gain] pairs. */
  ears(): { left: [number, number][]; right: [number, number][] } {
    const splitter = this.nodes.find((n) => n.kind === 'splitter')!;
    const left: [number, number][] = [];
    const right: [number, number][] = [];
    for (const e of splitter.edges) {
      const g = e.to as FakeGain;
      for (const m of g.edges) (m.input === 0 ? left : right).push([e.output, g.gain.value]);
    }
    return { left, right };
  }
}
