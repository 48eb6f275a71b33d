// A two-party fork/join helper: the calling thread and N-1 persistent workers split one job.
#pragma once
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  ~ThreadPool();
  int size() const { return static_cast<int>(workers_.size()) + 1; }
  // Runs job(part) for part in [0, parts) with parts <= size(); part 0 runs on the caller. Blocks until all are done.
  // Callers on different threads (Node worker_threads) are served one at a time; a job must not call run itself.
  // An exception thrown by any part (bad_alloc of a buffer) is rethrown here, on the caller, after every part ended.
  void run(int parts, const std::function<void(int)>& job);

 private:
  void loop(int index);
  std::vector<std::thread> workers_;
  std::mutex mutex_, caller_;
  std::condition_variable wake_, done_;
  const std::function<void(int)>* job_ = nullptr;
  std::exception_ptr error_;
  int parts_ = 0, pending_ = 0;
  unsigned long generation_ = 0;
  bool stop_ = false;
};

ThreadPool& pool();
