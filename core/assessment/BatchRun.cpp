// runBatch: a pool of decoding threads feeding the engine in input order, and one writer thread that
// puts each row (after its overlay, if any) into the results CSV in the same order.
#include "assessment/BatchRun.h"

#include <sys/stat.h>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>

#include "assessment/Assessor.h"
#include "assessment/BatchCsv.h"
#include "assessment/BatchPlan.h"
#include "assessment/BatchResultsFile.h"
#include "assessment/HeatmapOverlay.h"
#include "common/Error.h"
#include "common/Version.h"
#include "engine/Sha256.h"
#include "imaging/FilmLoader.h"

namespace boneage::assessment {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

std::string describe(const std::exception& e) {
    return std::string("internal error: ") + e.what();
}

/// A decoded film (or why it could not be decoded), waiting for the engine.
struct Decoded {
    bool ready = false;
    std::optional<imaging::Film> film;  ///< its pixels only when an overlay will be drawn
    engine::Image input;
    std::string error;
};

/// `jobs` threads decode inputs ahead of the engine, at most `window` ahead of the last one taken.
class DecodePool {
public:
    DecodePool(const std::vector<BatchInput>& inputs, int jobs, bool keepPixels)
        : m_inputs(inputs), m_window(std::size_t(2 * jobs + 1)), m_keepPixels(keepPixels), m_slots(m_window) {
        for (int i = 0; i < jobs && std::size_t(i) < inputs.size(); ++i)
            m_threads.emplace_back([this] { work(); });
    }
    ~DecodePool() {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_stopping = true;
        }
        m_changed.notify_all();
        for (std::thread& t : m_threads)
            t.join();
    }
    DecodePool(const DecodePool&) = delete;
    DecodePool& operator=(const DecodePool&) = delete;

    /// The decoded input `index`; indices are taken in order 0, 1, 2, ...
    Decoded take(std::size_t index) {
        std::unique_lock<std::mutex> lock(m_mutex);
        Decoded& slot = m_slots[index % m_window];
        m_changed.wait(lock, [&] { return slot.ready; });
        Decoded out = std::move(slot);
        slot = Decoded{};
        m_taken = index + 1;
        lock.unlock();
        m_changed.notify_all();
        return out;
    }

private:
    void work() {
        std::unique_lock<std::mutex> lock(m_mutex);
        while (true) {
            m_changed.wait(
                lock, [&] { return m_stopping || m_next >= m_inputs.size() || m_next < m_taken + m_window; });
            if (m_stopping || m_next >= m_inputs.size())
                return;
            const std::size_t index = m_next++;
            lock.unlock();
            Decoded decoded = decode(m_inputs[index]);
            lock.lock();
            m_slots[index % m_window] = std::move(decoded);
            m_slots[index % m_window].ready = true;
            m_changed.notify_all();
        }
    }

    Decoded decode(const BatchInput& input) const {
        Decoded d;
        if (!input.problem.empty()) {
            d.error = input.problem;
            return d;
        }
        try {
            imaging::Film film = imaging::loadFilm(input.key);
            d.input = modelInput(film);
            if (!m_keepPixels)
                std::vector<float>().swap(film.pixels);
            d.film = std::move(film);
        } catch (const Error& e) {
            d.error = e.what();
        } catch (const std::exception& e) {
            d.error = describe(e);
        }
        return d;
    }

    const std::vector<BatchInput>& m_inputs;
    const std::size_t m_window;
    const bool m_keepPixels;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<Decoded> m_slots;
    std::size_t m_next = 0, m_taken = 0;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

/// A row for the CSV, and the overlay to write before it.
struct RowJob {
    std::string row;
    bool failed = false;
    std::string overlayPath;
    std::optional<imaging::Film> film;
    std::optional<engine::Heatmap> heatmap;
};

/// One thread that writes overlays and rows, in the order pushed.
class RowWriter {
public:
    RowWriter(BatchResultsFile& file, BatchProgress start, Clock::time_point begin,
              const std::function<void(const BatchProgress&)>& progress)
        : m_file(file), m_progress(start), m_begin(begin), m_onProgress(progress), m_thread([this] {
              work();
          }) {}
    ~RowWriter() {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_closing = true;
        }
        m_changed.notify_all();
        m_thread.join();
    }
    RowWriter(const RowWriter&) = delete;
    RowWriter& operator=(const RowWriter&) = delete;

    /// Queues a row (waits while four are queued); rethrows the writer's failure.
    void push(RowJob job) {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_changed.wait(lock, [&] { return m_queue.size() < 4 || m_failure; });
        if (m_failure)
            std::rethrow_exception(m_failure);
        m_queue.push_back(std::move(job));
        lock.unlock();
        m_changed.notify_all();
    }

    /// Waits until every queued row is written; rethrows the writer's failure.
    BatchProgress finish() {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_changed.wait(lock, [&] { return (m_queue.empty() && !m_busy) || m_failure; });
        if (m_failure)
            std::rethrow_exception(m_failure);
        return m_progress;
    }

private:
    void work() {
        std::unique_lock<std::mutex> lock(m_mutex);
        while (true) {
            m_changed.wait(lock, [&] { return m_closing || !m_queue.empty(); });
            if (m_queue.empty() || m_failure)
                return;
            RowJob job = std::move(m_queue.front());
            m_queue.pop_front();
            m_busy = true;
            lock.unlock();
            m_changed.notify_all();
            std::exception_ptr failure;
            try {
                write(job);
            } catch (...) {
                failure = std::current_exception();
            }
            lock.lock();
            m_busy = false;
            m_failure = failure;
            m_changed.notify_all();
            if (m_failure)
                return;
        }
    }

    void write(RowJob& job) {
        if (job.film && job.heatmap) {
            try {
                writeHeatmapOverlay(job.overlayPath, *job.film, *job.heatmap);
            } catch (const Error& e) {
                throw Error(ErrorCode::Storage, job.overlayPath, e.cause());
            }
        }
        m_file.append(job.row);
        m_progress.done += 1;
        m_progress.failed += job.failed ? 1 : 0;
        m_progress.elapsedSeconds = std::chrono::duration<double>(Clock::now() - m_begin).count();
        if (m_onProgress)
            m_onProgress(m_progress);
    }

    BatchResultsFile& m_file;
    BatchProgress m_progress;
    const Clock::time_point m_begin;
    const std::function<void(const BatchProgress&)>& m_onProgress;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<RowJob> m_queue;
    bool m_busy = false, m_closing = false;
    std::exception_ptr m_failure;
    std::thread m_thread;
};

/// Creates the overlay folder owner-only (0700) when it does not exist.
void makeOverlayFolder(const std::string& dir) {
    std::error_code ec;
    if (fs::is_directory(dir, ec))
        return;
    const fs::path parent = fs::path(dir).parent_path();
    if (!parent.empty())
        fs::create_directories(parent, ec);
    if (::mkdir(dir.c_str(), 0700) != 0 && !fs::is_directory(dir, ec))
        throw Error(ErrorCode::Storage, dir, "cannot create the Grad-CAM folder");
}

/// <dir>/<film name>-<12 hex of the key's SHA-256>.png: flat, and unique for every input.
std::string overlayPathFor(const std::string& dir, const std::string& key) {
    const std::string hash = engine::Sha256::ofBytes(key.data(), key.size()).substr(0, 12);
    return (fs::path(dir) / (fs::path(key).stem().string() + "-" + hash + ".png")).string();
}

}  // namespace

BatchSummary runBatch(engine::Engine& engine, const BatchOptions& options,
                      const std::function<void(const BatchProgress&)>& progress) {
    if (options.jobs < 1)
        throw Error(ErrorCode::Usage, "", "--jobs must be at least 1");
    const std::vector<BatchInput> all = collectBatchInputs(options.sources);
    const std::vector<BatchInput> mine = selectShard(all, options.shard);
    const bool gradcam = !options.gradcamDir.empty();

    BatchPlan plan;
    plan.shard = options.shard;
    plan.totalInputs = all.size();
    plan.totalDigest = inputsDigest(all);
    plan.shardInputs = mine.size();
    plan.shardDigest = inputsDigest(mine);
    plan.modelName = engine.info().name;
    plan.modelVersion = engine.info().version;
    plan.modelSha256 = engine.info().sha256;
    plan.sexOverride = options.sex ? sexCode(*options.sex) : "";
    plan.gradcam = gradcam;
    plan.version = kVersion;
    BatchResultsFile file = BatchResultsFile::open(options.outCsv, plan, options.resume);
    if (gradcam)
        makeOverlayFolder(options.gradcamDir);

    std::vector<BatchInput> todo;
    for (const BatchInput& input : mine) {
        if (!file.doneKeys().count(input.key))
            todo.push_back(input);
    }
    BatchSummary summary;
    summary.allInputs = all.size();
    BatchProgress start;
    start.total = mine.size();
    start.done = start.resumed = mine.size() - todo.size();
    start.failed = file.doneErrors();

    const auto begin = Clock::now();
    RowWriter writer(file, start, begin, progress);
    {
        DecodePool pool(todo, options.jobs, gradcam);
        if (!gradcam && !todo.empty())
            engine.prepareForwardOnly();  // while the pool decodes the first films
        for (std::size_t i = 0; i < todo.size(); ++i) {
            Decoded decoded = pool.take(i);
            RowJob job;
            if (!decoded.error.empty()) {
                job.row = batchErrorRow(todo[i], decoded.error);
                job.failed = true;
                writer.push(std::move(job));
                continue;
            }
            PatientFacts entered;
            entered.sex = options.sex ? options.sex : todo[i].sex;
            try {
                AssessmentResult result = assessFilm(engine, *decoded.film, decoded.input, entered, gradcam);
                const engine::Timings& t = result.prediction.timings;
                summary.modelSeconds += (t.preprocessMs + t.inferenceMs + t.gradcamMs) / 1000.0;
                if (gradcam && result.prediction.gradcam) {
                    job.overlayPath = overlayPathFor(options.gradcamDir, todo[i].key);
                    job.heatmap = std::move(result.prediction.gradcam);
                    job.film = std::move(decoded.film);
                }
                job.row = batchOkRow(todo[i], result, job.overlayPath);
            } catch (const Error& e) {
                job.row = batchErrorRow(todo[i], e.what());
                job.failed = true;
            } catch (const std::exception& e) {
                job.row = batchErrorRow(todo[i], describe(e));
                job.failed = true;
            }
            writer.push(std::move(job));
        }
    }
    summary.progress = writer.finish();
    file.sync();
    return summary;
}

}  // namespace boneage::assessment
