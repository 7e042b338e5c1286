package store

import (
	"math/bits"
	"sync"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// poolAllocator is an Arrow memory.Allocator that keeps freed buffers for reuse, by
// power-of-two size class. Building a row group needs buffers of up to a few hundred MB; the
// Go allocator hands such memory back to the OS between row groups, and touching it again
// costs a page fault per 4 KB — measured as the largest single cost of writing Parquet. With
// reuse, the pages stay resident. Safe for concurrent use; buffers are zeroed like Go's.
type poolAllocator struct {
	pools [48]sync.Pool // class c holds *[]byte of capacity 1<<c
}

func sizeClass(n int) int {
	if n <= 64 {
		return 6
	}
	return bits.Len(uint(n - 1))
}

func (p *poolAllocator) Allocate(size int) []byte {
	c := sizeClass(size)
	if v := p.pools[c].Get(); v != nil {
		b := (*v.(*[]byte))[:size]
		clear(b) // Arrow expects new memory to be zero (validity bitmaps, offsets)
		return b
	}
	return make([]byte, size, 1<<c)
}

func (p *poolAllocator) Reallocate(size int, b []byte) []byte {
	if size <= cap(b) {
		return b[:size]
	}
	nb := p.Allocate(size)
	copy(nb, b)
	p.Free(b)
	return nb
}

func (p *poolAllocator) Free(b []byte) {
	c := cap(b)
	if c == 0 || c&(c-1) != 0 { // not one of ours
		return
	}
	b = b[:c]
	p.pools[bits.Len(uint(c))-1].Put(&b)
}

// arrowMem is the allocator of the store's Arrow buffers.
var arrowMem = &poolAllocator{}

// It is also arrow-go's default allocator: the Parquet encoders take their page buffers from
// an internal pool built on memory.DefaultAllocator, whose Go allocator leaves every buffer
// it outgrows to the garbage collector (0.87 GB per 1M generated events, fresh memory each).
// Measured on 1M generated events, four runs each way, interleaved: 100,300–106,100 events/s
// with it, 89,300–106,200 without.
func init() { memory.DefaultAllocator = arrowMem }
